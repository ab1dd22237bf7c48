"""Two-factor sign-in (TOTP): required for county admins, auditors and superusers, optional
for the other roles (and enforced once enrolled); the QR code is drawn locally."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.core.models import AuditLog

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.TWO_FACTOR_ROLES = ["county_admin", "auditor"]
    settings.TWO_FACTOR_SUPERUSERS = True


def _code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, username):
    return client.post("/login/", {"username": username, "password": PASSWORD})


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机令牌", confirmed=True)


@pytest.mark.parametrize("username", ["county", "auditor"])
def test_a_county_admin_or_auditor_must_enrol_before_any_page(client, world, username):
    _sign_in(client, username)
    response = client.get("/orgs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/2fa/?next=")
    assert client.get("/api/organizations/").status_code == 403


def test_enrolment_shows_a_local_qr_code_and_a_right_code_enables_it(client, world):
    _sign_in(client, "county")
    page = client.get("/2fa/?next=/orgs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # drawn here, no external QR service
    assert re.search(r'id="totp-secret">[A-Z2-7 ]{16,}<', html)
    device = TOTPDevice.objects.get(user=world.users.county)
    assert not device.confirmed
    wrong = client.post("/2fa/", {"code": "000000", "next": "/orgs/"})
    assert wrong.status_code == 200 and "不正确" in wrong.content.decode()
    device.throttle_reset()  # a wrong code delays the next try (tested below)
    ok = client.post("/2fa/", {"code": _code(device), "next": "/orgs/"})
    assert ok.status_code == 302 and ok["Location"] == "/orgs/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/orgs/").status_code == 200
    assert AuditLog.objects.filter(username="county", note="启用动态口令").exists()


def test_an_enrolled_admin_enters_the_code_at_every_sign_in(client, world):
    device = _enrolled(world.users.county)
    _sign_in(client, "county")
    response = client.get("/orgs/")
    assert response["Location"].startswith("/2fa/verify/")
    # the password alone cannot replace the enrolled device
    assert client.get("/2fa/")["Location"].startswith("/2fa/verify/")
    bad = client.post("/2fa/verify/", {"code": "12345x"})
    assert "6 位数字" in bad.content.decode()
    wrong = client.post("/2fa/verify/", {"code": "000000"})
    assert "不正确" in wrong.content.decode()
    assert AuditLog.objects.filter(
        username="county", action="login_failed", note="动态口令错误"
    ).exists()
    device.throttle_reset()
    ok = client.post("/2fa/verify/", {"code": _code(device), "next": "/orgs/"})
    assert ok.status_code == 302
    assert client.get("/orgs/").status_code == 200


def test_after_a_wrong_code_the_next_try_must_wait(client, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # seconds, doubling with each failure
    device = _enrolled(world.users.auditor)
    _sign_in(client, "auditor")
    client.post("/2fa/verify/", {"code": "000000"})
    response = client.post("/2fa/verify/", {"code": _code(device)})
    assert "次数过多" in response.content.decode()
    assert client.get("/orgs/").status_code == 302


def test_other_roles_sign_in_with_a_password_and_may_enrol(client, world):
    _sign_in(client, "nonpublic")
    assert client.get("/orgs/").status_code == 200
    page = client.get("/2fa/")
    assert page.status_code == 200 and "启用后" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.users.nonpublic)
    client.post("/2fa/", {"code": _code(device)})
    client.post("/logout/")
    _sign_in(client, "nonpublic")  # enrolled: now the code is required too
    assert client.get("/orgs/")["Location"].startswith("/2fa/verify/")


def test_the_demo_command_prints_the_current_code(world, settings):
    settings.DEBUG = True
    device = _enrolled(world.users.county)
    out = io.StringIO()
    call_command("totp_code", "county", stdout=out)
    assert out.getvalue().strip() == _code(device)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", "county")


def test_an_api_token_for_a_county_admin_needs_an_enrolled_second_factor(client, world):
    refused = client.post(
        "/api/auth/token/", {"username": "county", "password": PASSWORD}
    )
    assert refused.status_code == 400
    assert "启用两步验证" in refused.json()["otp_token"][0]
    assert "token" not in refused.json()


def test_an_api_token_for_an_enrolled_user_needs_the_current_code(client, world):
    device = _enrolled(world.users.county)
    without = client.post(
        "/api/auth/token/", {"username": "county", "password": PASSWORD}
    )
    assert without.status_code == 400 and "token" not in without.json()
    wrong = client.post(
        "/api/auth/token/",
        {"username": "county", "password": PASSWORD, "otp_token": "000000"},
    )
    assert wrong.status_code == 400 and "不正确" in wrong.json()["otp_token"][0]
    assert AuditLog.objects.filter(
        user=world.users.county, action="login_failed"
    ).exists()
    device.throttle_reset()
    ok = client.post(
        "/api/auth/token/",
        {"username": "county", "password": PASSWORD, "otp_token": _code(device)},
    )
    assert ok.status_code == 200 and ok.json()["token"]


def test_an_api_token_for_a_user_without_two_factor_needs_only_the_password(
    client, world
):
    response = client.post(
        "/api/auth/token/", {"username": "nonpublic", "password": PASSWORD}
    )
    assert response.status_code == 200 and response.json()["token"]
