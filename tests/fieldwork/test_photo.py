"""Photo evidence: type sniffed from the content, at most 5 MB, stored under a random name
and served only to those who may see the visit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.core.exporting import disposition
from liangxin.core.services import ServiceError
from liangxin.fieldwork import services
from liangxin.fieldwork.models import Visit

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [
        (JPEG, "jpg", "image/jpeg"),
        (PNG, "png", "image/png"),
        (WEBP, "webp", "image/webp"),
    ],
)
def test_a_photo_is_stored_under_a_random_name_and_served_with_its_type(
    world, checkin, login, content, extension, content_type
):
    upload = SimpleUploadedFile("IMG_0001.txt", content, content_type="text/plain")
    visit = services.record_visit(user=world.users.instructor, photo=upload, **checkin)
    assert visit.photo.name.startswith("visit-photos/")
    assert visit.photo.name.endswith("." + extension)
    assert "IMG_0001" not in visit.photo.name
    response = login(world.users.contact).get(f"/fieldwork/{visit.pk}/photo/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content
    # shown in the browser, and "save as" proposes a Chinese name, not the random one
    name = f"{visit.instructor.name}-{visit.date:%Y-%m-%d}到岗照片.{extension}"
    assert response["Content-Disposition"] == disposition(name, inline=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "照片格式不支持"),
        (b"GIF89a" + b"\x00" * 50, "照片格式不支持"),
        (b"", "照片为空"),
        (JPEG[:4] + b"\x00" * (5 * 1024 * 1024), "不能超过 5 MB"),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_is_stored(
    world, checkin, _media, content, message
):
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    with pytest.raises(ServiceError, match=message):
        services.record_visit(user=world.users.instructor, photo=upload, **checkin)
    assert not Visit.objects.exists()
    assert _stored_files(_media) == []


def test_the_page_refuses_a_bad_photo_next_to_the_field(world, checkin, login, _media):
    data = {
        "organization": world.org_a.pk,
        "date": checkin["date"].isoformat(),
        "activities": checkin["activities"],
        "photo": SimpleUploadedFile(
            "x.jpg", b"not an image", content_type="image/jpeg"
        ),
    }
    response = login(world.users.instructor).post("/fieldwork/visits/checkin/", data)
    assert response.status_code == 200
    assert "照片格式不支持" in response.content.decode()
    assert not Visit.objects.exists()
    assert _stored_files(_media) == []


def test_the_page_stores_a_photo(world, checkin, login):
    data = {
        "organization": world.org_a.pk,
        "date": checkin["date"].isoformat(),
        "activities": checkin["activities"],
        "photo": SimpleUploadedFile("x.png", PNG, content_type="image/png"),
    }
    response = login(world.users.instructor).post("/fieldwork/visits/checkin/", data)
    assert response.status_code == 302
    assert Visit.objects.get().photo.name.endswith(".png")


def test_the_api_refuses_a_too_big_photo(world, checkin, api, _media):
    data = {
        "organization": world.org_a.pk,
        "date": checkin["date"].isoformat(),
        "activities": checkin["activities"],
        "photo": SimpleUploadedFile(
            "big.jpg", JPEG[:4] + b"\x00" * (5 * 1024 * 1024 + 1)
        ),
    }
    response = api(world.users.instructor).post(
        "/api/visits/", data, format="multipart"
    )
    assert response.status_code == 400
    assert "不能超过 5 MB" in str(response.json())
    assert not Visit.objects.exists()
    assert _stored_files(_media) == []


def test_the_api_accepts_a_photo(world, checkin, api):
    data = {
        "organization": world.org_a.pk,
        "date": checkin["date"].isoformat(),
        "activities": checkin["activities"],
        "photo": SimpleUploadedFile("p.webp", WEBP),
    }
    response = api(world.users.instructor).post(
        "/api/visits/", data, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["has_photo"] is True


@pytest.fixture
def visit_with_photo(world, checkin):
    return services.record_visit(
        user=world.users.instructor, **checkin, photo=SimpleUploadedFile("p.jpg", JPEG)
    )


@pytest.mark.parametrize(
    "persona", ["instructor", "contact", "nonpublic", "county", "auditor"]
)
def test_those_who_see_the_visit_see_its_photo(world, login, visit_with_photo, persona):
    response = login(getattr(world.users, persona)).get(
        f"/fieldwork/{visit_with_photo.pk}/photo/"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_outsiders_get_404_for_the_photo(world, login, visit_with_photo, persona):
    response = login(getattr(world.users, persona)).get(
        f"/fieldwork/{visit_with_photo.pk}/photo/"
    )
    assert response.status_code == 404


def test_a_visit_without_photo_answers_404(world, login, make_visit, today):
    visit = make_visit(world.asg_a, today)
    assert (
        login(world.users.contact).get(f"/fieldwork/{visit.pk}/photo/").status_code
        == 404
    )


def test_the_photo_needs_a_login(world, client, visit_with_photo):
    response = client.get(f"/fieldwork/{visit_with_photo.pk}/photo/")
    assert response.status_code == 302


def test_the_photo_is_not_under_a_public_url():
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/visit-photos/2026/01/x.jpg")
