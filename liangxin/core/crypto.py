"""Personal information encrypted at rest (PIPL): phone numbers are stored as Fernet tokens
(AES-128-CBC + HMAC-SHA256) under a key from the environment (FIELD_ENCRYPTION_KEY; several
comma-separated keys rotate: the first encrypts, all decrypt).

Fernet is randomised, so an encrypted column cannot be searched or filtered in SQL; no list
filters on phone numbers (the pinyin search covers names only)."""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

TOKEN_PREFIX = (
    "gAAAAA"  # every Fernet token starts with its version byte, base64-encoded
)


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    return MultiFernet(
        [Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()]
    )


def fernet() -> MultiFernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else value


def decrypt(value: str) -> str:
    """The plain text; a value that is not a token yet (a row from before encryption) is
    returned as it is, and encrypted by its next save or by the data migration."""
    if not value or not value.startswith(TOKEN_PREFIX):
        return value
    try:
        return fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "无法解密：FIELD_ENCRYPTION_KEY 与加密时的密钥不一致。"
        ) from None


class EncryptedCharField(models.TextField):
    """A short text (a phone number) stored encrypted; `max_length` limits the plain text."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        if max_length:
            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if value.startswith(TOKEN_PREFIX):  # already a token (e.g. copied row)
            return value
        return encrypt(value)

    def formfield(self, **kwargs):
        defaults = {"max_length": self.plain_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


def encrypt_existing(model, field: str) -> None:
    """Data migration helper: rewrite every plain value of `field` as a token."""
    rows = model.objects.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
    for pk, value in rows.values_list("pk", field).iterator(chunk_size=1000):
        # values come back decrypted (plain rows pass through); update() encrypts
        model.objects.filter(pk=pk).update(**{field: value})
