"""Checking uploaded files: size, and the real type from the file's first bytes.

The file name and the browser's claimed content type are not trusted. Photos (visits, meetings)
and attachments (requests) all go through `check_upload`.
"""

import secrets

from django.http import FileResponse, Http404
from django.utils import timezone

from liangxin.core.exporting import disposition
from liangxin.core.services import ServiceError

#: extension → (content type, possible first bytes)
IMAGE_TYPES = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "webp": ("image/webp", (b"RIFF",)),  # and "WEBP" at offset 8, checked below
}
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": IMAGE_TYPES["jpg"],
    "png": IMAGE_TYPES["png"],
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}


def _matches(extension: str, head: bytes, types) -> bool:
    if not any(head.startswith(magic) for magic in types[extension][1]):
        return False
    return extension != "webp" or head[8:12] == b"WEBP"


def check_upload(
    upload,
    *,
    types: dict,
    max_bytes: int,
    field: str,
    what: str,
    formats: str,
    name_must_match: bool = False,
) -> str:
    """The upload's extension (a key of `types`), or ServiceError with a Chinese reason.

    `what` names the file for messages (照片, 附件); `formats` lists the allowed kinds in
    Chinese. With `name_must_match`, the file name's extension must agree with the content.
    """
    size = getattr(upload, "size", None)
    if not size:
        raise ServiceError(f"{what}为空，请重新选择。", field=field)
    if size > max_bytes:
        raise ServiceError(
            f"{what}不能超过 {max_bytes // (1024 * 1024)} MB。", field=field
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if name_must_match:
        name = getattr(upload, "name", "") or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        extension = "jpg" if extension == "jpeg" else extension
        if extension not in types:
            raise ServiceError(f"{what}格式不支持，请上传 {formats}。", field=field)
        if not _matches(extension, head, types):
            raise ServiceError(
                f"{what}内容与文件类型不符，请检查后重新上传。", field=field
            )
        return extension
    for extension in types:
        if _matches(extension, head, types):
            return extension
    raise ServiceError(f"{what}格式不支持，请上传 {formats}。", field=field)


def random_name(folder: str, filename: str) -> str:
    """A storage path nobody can guess: uploads are evidence about people and are served only
    through permission-checked views (`private_file_response`), never from a public URL."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.{extension}"


def private_file_response(
    field_file,
    *,
    types: dict,
    download_name: str | None = None,
    inline_name: str | None = None,
):
    """Serve a stored upload to a user the caller has already checked; 404 if it is gone.
    `download_name` makes it a download, `inline_name` names a file shown in the browser
    (what "save as" proposes); both in Chinese through `disposition()`."""
    if not field_file:
        raise Http404("文件不存在。")
    extension = field_file.name.rsplit(".", 1)[-1]
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    content_type = types.get(extension, ("application/octet-stream",))[0]
    response = FileResponse(handle, content_type=content_type)
    if download_name or inline_name:
        name = download_name or inline_name
        if "." not in name:
            name = f"{name}.{extension}"
        response["Content-Disposition"] = disposition(name, inline=not download_name)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
