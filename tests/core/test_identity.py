"""Identity controls for a 等保2.0 level-3 review: password rules, the county's maximum
password age, and one active session per admin account."""

import datetime

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from liangxin.core.models import AuditLog, Policy, UserSession
from liangxin.core.passwords import password_expired

PASSWORD = "pw-for-tests-1"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-xyz", "至少"),  # too short
        ("abcdefghijkl", "3 类"),  # one class
        ("abcdefgh1234", "3 类"),  # two classes
        ("Xcounty-2026!", "用户名"),  # contains the username
        ("Password123", "常见"),  # too common (case-insensitive list)
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(world, password, message):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        password_validation.validate_password(password, user=world.users.county)
    assert any(message in m for m in excinfo.value.messages), excinfo.value.messages


def test_a_strong_password_is_accepted(world):
    password_validation.validate_password("Huangh3-river!", user=world.users.county)


def test_setting_a_password_records_when(world):
    user = world.users.county
    user.set_password("Huangh3-river!")
    assert timezone.now() - user.password_changed_at < datetime.timedelta(seconds=5)


def _age(user, days):
    user.password_changed_at = timezone.now() - datetime.timedelta(days=days)
    user.save(update_fields=["password_changed_at"])


def test_a_password_older_than_the_county_maximum_has_expired(world):
    user = world.users.nonpublic
    _age(user, 91)
    assert password_expired(user)  # default 90 days
    Policy.objects.create(
        region=world.county, year=timezone.localdate().year, password_max_age_days=180
    )
    assert not password_expired(user)
    Policy.objects.filter(region=world.county).update(password_max_age_days=0)
    _age(user, 3000)
    assert not password_expired(user)  # 0: no limit


def test_an_expired_password_must_be_changed_before_anything_else(client, world):
    user = world.users.nonpublic
    _age(user, 200)
    client.post("/login/", {"username": "nonpublic", "password": PASSWORD})
    response = client.get("/orgs/")
    assert response.status_code == 302 and response["Location"] == "/password/"
    api = client.get("/api/organizations/")
    assert api.status_code == 403 and "修改密码" in api.json()["detail"]
    page = client.get("/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    refused = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "simple",
            "new_password2": "simple",
        },
    )
    assert refused.status_code == 200
    assert "密码" in refused.content.decode()
    changed = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Huangh3-river!",
            "new_password2": "Huangh3-river!",
        },
    )
    assert changed.status_code == 302
    assert client.get("/orgs/").status_code == 200
    assert AuditLog.objects.filter(username="nonpublic", note="修改密码").exists()


def test_a_new_admin_login_ends_the_previous_session(client, world):
    from django.test import Client

    first, second = Client(), Client()
    first.post("/login/", {"username": "county", "password": PASSWORD})
    assert first.get("/orgs/").status_code == 200
    second.post("/login/", {"username": "county", "password": PASSWORD})
    assert second.get("/orgs/").status_code == 200
    assert first.get("/orgs/").status_code == 302  # back to the login page
    assert UserSession.objects.filter(user=world.users.county).count() == 1


def test_other_roles_may_stay_signed_in_on_two_devices(world):
    from django.test import Client

    phone, desk = Client(), Client()
    phone.post("/login/", {"username": "instructor01", "password": PASSWORD})
    desk.post("/login/", {"username": "instructor01", "password": PASSWORD})
    assert phone.get("/").status_code == 200
    assert desk.get("/").status_code == 200


def test_the_admin_lists_admin_sessions_and_can_end_one(world):
    from django.test import Client

    from tests import factories as f

    f.UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    county, root = Client(), Client()
    county.post("/login/", {"username": "county", "password": PASSWORD})
    root.post("/login/", {"username": "root", "password": PASSWORD})
    listing = root.get("/admin/core/usersession/")
    assert listing.status_code == 200
    assert "county" in listing.content.decode()
    row = UserSession.objects.get(user=world.users.county)
    root.post(
        "/admin/core/usersession/",
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert county.get("/orgs/").status_code == 302
