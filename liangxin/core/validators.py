"""Chinese validators shared by forms, imports and the API."""

import datetime
import re

from django.core.exceptions import ValidationError

# GB 32100-2015: 31 characters (no I, O, Z, S, V); weights are 3^(i) mod 31.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997: the organization code's body weights.
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check_char(first17: str) -> str:
    total = sum(
        USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARS[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper()


def validate_credit_code(value: str) -> None:
    """Unified social credit code: 18 characters, both check characters right."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)s位。", params={"n": len(code)}
        )
    bad = sorted({c for c in code if c not in USCC_CHARS})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有非法字符：%(chars)s（不使用 I、O、Z、S、V）。",
            params={"chars": "、".join(bad)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）。"
        )
    if org_code_check_char(code[8:16]) != code[16]:
        raise ValidationError(
            "统一社会信用代码中的组织机构代码（第9至17位）校验位错误。"
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位（第18位）错误，请核对。")


def make_credit_code(prefix2: str, region_code: str, body8: str) -> str:
    """A valid code from its parts (demo data and tests)."""
    first17 = prefix2 + region_code + body8 + org_code_check_char(body8)
    return first17 + uscc_check_char(first17)


PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError("手机号应为以1开头的11位数字。")


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) == 11 else value


# --- odd input: invisible names, bidi overrides, absurd dates ---------------------------------

#: characters that print nothing (zero-width spaces and joiners, word joiner, BOM, soft hyphen…)
INVISIBLE_CHARS = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0"
)
#: bidirectional embedding, override and isolate controls (Trojan-Source style reordering)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: the span of dates any record of this system can carry (births of retired cadres to plans)
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)


def validate_clean_text(value) -> None:
    """Text must not hide its content: no bidi override or isolate controls anywhere, and not
    made only of invisible characters (zero-width spaces, joiners and the like)."""
    if not isinstance(value, str) or not value:
        return
    if any(c in BIDI_CONTROLS for c in value):
        raise ValidationError(
            "内容含有改变文字显示方向的控制字符（如 U+202E），请删除后重新输入。",
            code="bidi",
        )
    if all(c in INVISIBLE_CHARS or c.isspace() for c in value):
        raise ValidationError(
            "内容只有不可见字符（如零宽空格），请填写实际内容。", code="invisible"
        )


def validate_sane_date(value) -> None:
    """Dates (and times) between 1900-01-01 and 2100-12-31; 0001-01-01 or 9999-12-31 are
    typing slips or probes, and would crash date arithmetic further on."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not isinstance(day, datetime.date):
        return
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            "日期超出合理范围（%(min)s 至 %(max)s），请检查年份。",
            code="date_range",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )
