import pytest
from django.conf import settings

from liangxin.core.models import AuditLog
from liangxin.core.pinyin import search_key
from liangxin.roster.models import Instructor


def test_it_hashes_passwords_with_argon2_in_production_settings():
    from liangxin import settings as project_settings  # tests swap in a fast hasher

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sessions_expire_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # every request of a signed-in session pushes the expiry back, at most once a minute
    # (tests/core/test_session_touch.py), instead of SESSION_SAVE_EVERY_REQUEST
    sessions = settings.MIDDLEWARE.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert settings.MIDDLEWARE[sessions + 1] == (
        "liangxin.core.middleware.SessionTouchMiddleware"
    )


def test_a_name_is_found_by_chinese_full_pinyin_and_initials():
    key = search_key("张建国")
    assert "张建国" in key and "zhangjianguo" in key and "zjg" in key


def test_instructor_search_matches_pinyin(world):
    names = lambda q: set(Instructor.objects.search(q).values_list("name", flat=True))  # noqa: E731
    assert names("zhangjianguo") == {"张建国"}
    assert names("zjg") == {"张建国"}
    assert names("Zhang Jian") == {"张建国"}
    assert names("建国") == {"张建国"}


@pytest.mark.django_db
def test_it_locks_an_account_after_repeated_failed_logins(client, settings, world):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post("/login/", {"username": "county", "password": "wrong"})
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode()
    # even the right password is refused while locked
    response = client.post(
        "/login/", {"username": "county", "password": "pw-for-tests-1"}
    )
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login_failed").count() >= 3


def test_a_login_is_audited(client, world):
    response = client.post(
        "/login/", {"username": "county", "password": "pw-for-tests-1"}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="login", username="county").exists()


def test_a_wrong_password_shows_a_chinese_message(client, world):
    response = client.post("/login/", {"username": "county", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
