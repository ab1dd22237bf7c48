"""Login lockout by username AND address with a growing delay; the county admin unlocks
from the admin, audited (issue 11, item 8)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from liangxin.core import lockout
from liangxin.core.models import AuditLog

GOOD = "pw-for-tests-1"


def _client(ip):
    return Client(REMOTE_ADDR=ip)


def _fail(client, username="county", times=3):
    response = None
    for _ in range(times):
        response = client.post("/login/", {"username": username, "password": "wrong"})
    return response


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOCKOUT_FIRST_MINUTES = 15


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(world, axes_on):
    attacker = _client("203.0.113.9")
    assert "锁定" in _fail(attacker).content.decode()
    attacker.post("/login/", {"username": "county", "password": GOOD})
    assert "_auth_user_id" not in attacker.session  # locked at that address
    office = _client("10.0.0.5")
    response = office.post("/login/", {"username": "county", "password": GOOD})
    assert response.status_code == 302
    assert "_auth_user_id" in office.session


def test_one_persons_typos_do_not_lock_a_colleague_at_the_same_address(world, axes_on):
    office = _client("10.0.0.5")
    _fail(office, username="county")
    colleague = _client("10.0.0.5")
    colleague.post("/login/", {"username": "nonpublic", "password": GOOD})
    assert "_auth_user_id" in colleague.session


def test_the_delay_doubles_with_each_further_failure_up_to_the_cap(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOCKOUT_FIRST_MINUTES = 15
    settings.LOCKOUT_MAX_HOURS = 24
    minutes = [lockout.delay_after(n) / datetime.timedelta(minutes=1) for n in range(7)]
    assert minutes == [15, 15, 15, 15, 15, 15, 30]
    assert lockout.delay_after(7) == datetime.timedelta(hours=1)
    assert lockout.delay_after(500) == datetime.timedelta(hours=24)


def test_the_lockout_grows_for_the_same_username_and_address(world, axes_on):
    attacker = _client("203.0.113.9")
    _fail(attacker, times=5)  # 2 more attempts while locked
    from django.test import RequestFactory

    request = RequestFactory().post(
        "/login/", {"username": "county"}, REMOTE_ADDR="203.0.113.9"
    )
    request.axes_ip_address = "203.0.113.9"
    assert lockout.cooloff(request) == datetime.timedelta(minutes=60)


def test_the_county_admin_unlocks_from_the_admin_and_it_is_audited(world, axes_on):
    _fail(_client("203.0.113.9"), username="nonpublic")
    _fail(_client("203.0.113.9"), username="hequ")  # an account of another county
    county = world.users.county
    county.is_staff = True
    county.save()
    admin = Client()
    admin.force_login(county)
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "nonpublic" in body and "hequ" not in body
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock_selected", "_selected_action": ids},
    )
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["hequ"]
    entry = AuditLog.objects.get(note__startswith="解除登录锁定")
    assert entry.username == "county" and "nonpublic" in entry.note
    again = _client("203.0.113.9")
    again.post("/login/", {"username": "nonpublic", "password": GOOD})
    assert "_auth_user_id" in again.session


def test_other_roles_cannot_unlock(world, axes_on):
    _fail(_client("203.0.113.9"), username="county")
    staff = world.users.nonpublic
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert AccessAttempt.objects.count() == 1
