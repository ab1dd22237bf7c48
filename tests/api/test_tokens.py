"""API tokens: a lifetime, a new one per sign-in, revoked by DELETE, logout, password
change and deactivation (issue 11, item 5)."""

import datetime

from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from liangxin.core.models import AuditLog

PASSWORD = "pw-for-tests-1"


def _sign_in(username="nonpublic"):
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _get(token, path="/api/organizations/"):
    return APIClient().get(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_has_a_lifetime_and_each_sign_in_gets_a_new_one(world, settings):
    first, second = _sign_in(), _sign_in()
    assert first["token"] != second["token"]
    expiry = datetime.datetime.fromisoformat(first["expiry"])
    assert timezone.now() < expiry <= timezone.now() + datetime.timedelta(hours=10)
    assert _get(first["token"]).status_code == 200
    assert AuthToken.objects.filter(user=world.users.nonpublic).count() == 2


def test_an_expired_token_is_refused(world):
    token = _sign_in()["token"]
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert _get(token).status_code == 401


def test_delete_revokes_the_token_it_is_sent_with(world):
    first, second = _sign_in()["token"], _sign_in()["token"]
    response = APIClient().delete(
        "/api/auth/token/", HTTP_AUTHORIZATION=f"Token {first}"
    )
    assert response.status_code == 204
    assert _get(first).status_code == 401
    assert _get(second).status_code == 200
    assert AuditLog.objects.filter(note="注销 API 令牌", username="nonpublic").exists()


def test_delete_without_a_token_is_refused(world):
    assert APIClient().delete("/api/auth/token/").status_code == 401


def test_logging_out_of_the_site_revokes_the_users_tokens(world, client):
    token = _sign_in()["token"]
    client.post("/login/", {"username": "nonpublic", "password": PASSWORD})
    client.post("/logout/")
    assert _get(token).status_code == 401


def test_a_password_change_revokes_the_users_tokens(world):
    token = _sign_in()["token"]
    other = _sign_in("social")["token"]
    user = world.users.nonpublic
    user.set_password("another-long-passphrase-9")
    user.save()
    assert _get(token).status_code == 401
    assert _get(other).status_code == 200


def test_deactivating_an_account_revokes_its_tokens(world):
    token = _sign_in()["token"]
    user = world.users.nonpublic
    user.is_active = False
    user.save()
    assert not AuthToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()
    assert _get(token).status_code == 401


def test_a_stale_token_header_does_not_block_signing_in(world):
    response = APIClient().post(
        "/api/auth/token/",
        {"username": "nonpublic", "password": PASSWORD},
        HTTP_AUTHORIZATION="Token stale",
    )
    assert response.status_code == 200
