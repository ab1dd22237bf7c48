"""Notifications: idempotent on (recipient, key), emailed only when a relay is configured,
and an inbox that shows each user only their own."""

import pytest
from django.core import mail

from liangxin.core.models import Notification
from liangxin.core.notifications import notify


def test_notifying_twice_with_the_same_key_stores_once(world):
    user = world.users.instructor
    first, created = notify(recipient=user, title="提醒", body="内容", key="k-1")
    again, created_again = notify(recipient=user, title="提醒（改）", key="k-1")
    assert created and not created_again
    assert first.pk == again.pk
    assert Notification.objects.filter(recipient=user).count() == 1
    assert again.title == "提醒"


def test_the_same_key_for_another_user_is_another_notification(world):
    notify(recipient=world.users.instructor, title="提醒", key="same")
    notify(recipient=world.users.contact, title="提醒", key="same")
    assert Notification.objects.filter(key="same").count() == 2


def test_it_emails_only_when_a_relay_is_configured(
    world, settings, django_capture_on_commit_callbacks
):
    user = world.users.instructor
    user.email = "ins@example.cn"
    user.save()
    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=user, title="无邮件", key="a")
    assert mail.outbox == []
    settings.EMAIL_HOST = "smtp.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=user, title="有邮件", body="正文", key="b")
        notify(recipient=user, title="有邮件", body="正文", key="b")  # not twice
    assert len(mail.outbox) == 1
    assert "有邮件" in mail.outbox[0].subject


def test_a_failing_mail_relay_is_logged_not_raised(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    user = world.users.instructor
    user.email = "ins@example.cn"
    user.save()
    settings.EMAIL_HOST = "smtp.example.cn"

    def broken(*args, **kwargs):
        raise OSError("relay down")

    monkeypatch.setattr("liangxin.core.notifications.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _, created = notify(recipient=user, title="提醒", key="c")
    assert created


def test_the_inbox_shows_only_the_users_own_notifications(world, login):
    notify(recipient=world.users.instructor, title="给指导员的提醒", key="x")
    notify(recipient=world.users.contact, title="给联络员的提醒", key="y")
    page = login(world.users.instructor).get("/system/inbox/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "给指导员的提醒" in text and "给联络员的提醒" not in text
    assert 'aria-current="page">消息通知</li>' in text  # a breadcrumb back to 工作台


def test_the_navbar_shows_the_unread_count(world, login):
    notify(recipient=world.users.instructor, title="一", key="1")
    notify(recipient=world.users.instructor, title="二", key="2")
    page = login(world.users.instructor).get("/")
    assert 'id="unread-count">2<' in page.content.decode()


def test_the_bell_is_counted_with_the_user_and_follows_each_change(
    world, login, django_assert_num_queries
):
    """The unread count is read in the same query as the signed-in user (no query of its
    own on every page), and the next page after a change shows the new count."""
    user = world.users.instructor
    notify(recipient=user, title="一", key="1")
    notify(recipient=user, title="二", key="2")
    notify(recipient=world.users.contact, title="别人的", key="3")
    client = login(user)
    client.get("/")
    with django_assert_num_queries(2):  # the session, then the user with the count
        response = client.get("/password/")
    assert response.status_code == 200
    assert 'id="unread-count">2<' in response.content.decode()
    client.post("/system/inbox/read-all/")
    assert 'id="unread-count"' not in client.get("/").content.decode()
    notify(recipient=user, title="三", key="4")
    assert 'id="unread-count">1<' in client.get("/").content.decode()


def test_marking_read_is_scoped_to_the_recipient(world, login):
    mine, _ = notify(recipient=world.users.instructor, title="我的", key="m")
    theirs, _ = notify(recipient=world.users.contact, title="别人的", key="t")
    client = login(world.users.instructor)
    assert client.post(f"/system/inbox/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/system/inbox/{mine.pk}/read/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_mark_all_read_touches_only_the_users_notifications(world, login):
    notify(recipient=world.users.instructor, title="一", key="1")
    notify(recipient=world.users.contact, title="二", key="2")
    login(world.users.instructor).post("/system/inbox/read-all/")
    assert (
        not Notification.objects.filter(recipient=world.users.instructor)
        .unread()
        .exists()
    )
    assert (
        Notification.objects.filter(recipient=world.users.contact).unread().count() == 1
    )


def test_following_a_notification_goes_to_its_link(world, login):
    n, _ = notify(
        recipient=world.users.instructor, title="一", url="/fieldwork/visits/", key="1"
    )
    response = login(world.users.instructor).post(
        f"/system/inbox/{n.pk}/read/", {"follow": "1"}
    )
    assert response.url == "/fieldwork/visits/"


def test_an_outside_link_is_not_followed(world, login):
    n, _ = notify(
        recipient=world.users.instructor,
        title="一",
        url="https://evil.example/",
        key="1",
    )
    response = login(world.users.instructor).post(
        f"/system/inbox/{n.pk}/read/", {"follow": "1"}
    )
    assert response.url == "/system/inbox/"


@pytest.mark.parametrize("path", ["/system/inbox/read-all/", "/system/inbox/1/read/"])
def test_inbox_actions_refuse_get(world, login, path):
    assert login(world.users.instructor).get(path).status_code == 405


def test_the_inbox_needs_a_login(world, client):
    assert client.get("/system/inbox/").status_code == 302


def test_the_inbox_query_count_does_not_grow(
    world, login, django_assert_max_num_queries
):
    client = login(world.users.instructor)
    for n in range(30):
        notify(recipient=world.users.instructor, title=f"提醒 {n}", key=str(n))
    with django_assert_max_num_queries(10):
        assert client.get("/system/inbox/").status_code == 200


@pytest.mark.parametrize(
    "region, title",
    [("140931", "县级管理员"), ("140900", "市级管理员"), ("140000", "省级管理员")],
)
def test_the_navbar_names_an_administrators_level_by_their_region(
    world, login, region, title
):
    from tests import factories as f

    user = f.UserFactory(
        username=f"admin{region}", role="county_admin", region_id=region
    )
    body = login(user).get("/system/inbox/").content.decode()
    assert f"（{title}）" in body
