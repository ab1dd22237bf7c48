"""Meeting photos: checked by their first bytes, stored under a random name, served only to
those who may see the meeting."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.partylife.models import Meeting

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(client, world, photo):
    return client.post(
        "/partylife/meetings/new/",
        {
            "party_organization": world.po_a.pk,
            "kind": "committee",
            "date": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
            "topic": "学习党的二十届四中全会精神",
            "expected_count": 5,
            "present_count": 5,
            "photo": photo,
        },
    )


def test_a_meeting_photo_is_stored_privately_and_served_to_those_who_see_the_meeting(
    world, login
):
    client = login(world.users.contact)
    response = _post(client, world, SimpleUploadedFile("会议.png", PNG, "image/png"))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert (
        meeting.photo.name.startswith("meeting-photos/")
        and "会议" not in meeting.photo.name
    )
    served = client.get(f"/partylife/meetings/{meeting.pk}/photo/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    assert (
        login(world.users.social)
        .get(f"/partylife/meetings/{meeting.pk}/photo/")
        .status_code
        == 404
    )


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(world, login):
    client = login(world.users.contact)
    response = _post(
        client, world, SimpleUploadedFile("x.png", b"<script>", "image/png")
    )
    assert response.status_code == 200
    assert "照片格式不支持" in response.content.decode()
    assert not Meeting.objects.exists()
