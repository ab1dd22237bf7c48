"""Uploads on an S3-compatible store (S3_BUCKET): stored there, served through the same
permission-checked view, never from a public URL. Against moto's standalone S3 server."""

import socket

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from liangxin.fieldwork import services

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 300
BUCKET = "liangxin-test"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_visit_photo_lives_in_the_bucket_and_is_served_only_in_scope(
    world, checkin, login, s3
):
    assert default_storage.bucket_name == BUCKET  # the setting switched the storage
    upload = SimpleUploadedFile("IMG_0001.jpg", JPEG, content_type="image/jpeg")
    visit = services.record_visit(user=world.users.instructor, photo=upload, **checkin)
    stored = s3.get_object(Bucket=BUCKET, Key=visit.photo.name)["Body"].read()
    assert stored == JPEG
    # private: the object has no public read grant
    grants = s3.get_object_acl(Bucket=BUCKET, Key=visit.photo.name)["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)

    response = login(world.users.contact).get(f"/fieldwork/{visit.pk}/photo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert login(world.users.far_county).get(
        f"/fieldwork/{visit.pk}/photo/"
    ).status_code in (403, 404)


def test_a_photo_missing_from_the_bucket_is_a_404_not_a_500(world, checkin, login, s3):
    upload = SimpleUploadedFile("IMG_0002.jpg", JPEG, content_type="image/jpeg")
    visit = services.record_visit(user=world.users.instructor, photo=upload, **checkin)
    s3.delete_object(Bucket=BUCKET, Key=visit.photo.name)
    response = login(world.users.contact).get(f"/fieldwork/{visit.pk}/photo/")
    assert response.status_code == 404
