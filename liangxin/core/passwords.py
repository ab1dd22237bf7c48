"""Password rules for a 等保2.0 level-3 review: length and common passwords come from Django's
validators (settings.AUTH_PASSWORD_VALIDATORS); character classes and the username here;
the maximum age is the county's (Policy.password_max_age_days)."""

import datetime
import string

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c in string.digits),
    ("符号", lambda c: not c.isalnum()),
)


class LengthValidator(MinimumLengthValidator):
    """Django's length rule with a Chinese message (its catalogue lacks this string)."""

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要 {self.min_length} 个字符。",
                code="password_too_short",
            )

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least `min_classes` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = [name for name, test in CLASSES if any(test(c) for c in password)]
        if len(used) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"


class NotUsernameValidator:
    """The password may not contain the username (in any letter case), nor its reverse."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) < 3:
            return
        lowered = password.lower()
        if username in lowered or username[::-1] in lowered:
            raise ValidationError("密码不能包含用户名。", code="password_has_username")

    def get_help_text(self):
        return "不能包含用户名。"


def max_age_days(user) -> int:
    """The county's maximum password age for this user (0: no limit)."""
    from liangxin.core.models import Policy

    if not user.region_id:
        return Policy._meta.get_field("password_max_age_days").default
    policy = Policy.for_region_year(user.region_id, timezone.localdate().year)
    return policy.password_max_age_days


def expires_at(user) -> datetime.datetime | None:
    days = max_age_days(user)
    if not days:
        return None
    changed = user.password_changed_at or user.date_joined
    return changed + datetime.timedelta(days=days)


def password_expired(user) -> bool:
    at = expires_at(user)
    return at is not None and timezone.now() > at


SESSION_KEY = "_password_expires_at"


def remember_expiry(request, user) -> None:
    """Kept in the session at login, so pages do not look up the policy on every request."""
    at = expires_at(user)
    request.session[SESSION_KEY] = at.isoformat() if at else ""


def session_password_expired(request) -> bool:
    if SESSION_KEY not in request.session:
        remember_expiry(request, request.user)
    value = request.session[SESSION_KEY]
    return bool(value) and timezone.now() > datetime.datetime.fromisoformat(value)
