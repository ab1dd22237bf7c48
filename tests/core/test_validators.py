"""The credit-code (GB 32100-2015 + GB 11714) and mobile validators.

Why a single changed character can never give another valid code: the 18th character is a
check over positions 1-17 modulo 31 with weights 3^i mod 31. 31 is prime and every weight is
non-zero mod 31, so changing one character by d (1 ≤ |d| ≤ 30) changes the weighted sum by
d·w ≢ 0 (mod 31); changing the 18th character itself breaks it directly. A change to the
9th-17th characters may also break the GB 11714 check, and a non-digit in positions 3-8 or a
character outside the 31-letter alphabet is refused earlier. So no collision is possible.
(Lower-case is not a different character: codes are normalized to upper case first.)
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from liangxin.core.validators import (
    USCC_CHARS,
    make_credit_code,
    mask_phone,
    normalize_credit_code,
    org_code_check_char,
    uscc_check_char,
    validate_credit_code,
    validate_mobile,
)


def message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# Codes in the shape real registrations have: 91 = 工商 / 企业, 52 = 民政 / 民办非企业单位,
# 51 = 民政 / 社会团体, 93 = 工商 / 农民专业合作社; region 140931 = 保德县; MA… = newer bodies.
REAL_WORLD_STYLE = [
    make_credit_code("91", "140931", "MA0K1234"),
    make_credit_code("91", "140931", "05643210"),
    make_credit_code("52", "140931", "MJY12345"),
    make_credit_code("51", "140931", "50123456"),
    make_credit_code("93", "140931", "MA0H8R2E"),
    make_credit_code("91", "140900", "11000001"),
    "91350100M000100Y43",  # the worked example of GB 32100-2015
]


@pytest.mark.parametrize("code", REAL_WORLD_STYLE)
def test_valid_codes_pass(code):
    assert len(code) == 18
    validate_credit_code(code)


def test_lower_case_and_surrounding_spaces_are_normalized():
    code = REAL_WORLD_STYLE[0]
    validate_credit_code(f"  {code.lower()} ")
    assert normalize_credit_code(f" {code.lower()}\t") == code


def test_make_credit_code_parts():
    code = make_credit_code("91", "140931", "MA0K1234")
    assert code.startswith("91140931MA0K1234")
    assert code[16] == org_code_check_char("MA0K1234")
    assert code[17] == uscc_check_char(code[:17])


@pytest.mark.parametrize(
    "code, n", [("", 0), ("9114093105643210", 16), (REAL_WORLD_STYLE[0] + "1", 19)]
)
def test_wrong_length(code, n):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert message(exc) == f"统一社会信用代码应为18位，当前为{n}位。"


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V"])
def test_illegal_letters(bad):
    code = REAL_WORLD_STYLE[0]
    code = code[:10] + bad + code[11:]
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    text = message(exc)
    assert "统一社会信用代码含有非法字符" in text
    assert bad in text
    assert "不使用 I、O、Z、S、V" in text


def test_illegal_punctuation_listed():
    code = "9114093105-43210X1"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert "非法字符：-" in message(exc)


def test_region_part_must_be_digits():
    code = "91A40931MA0K1234" + "00"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert (
        message(exc) == "统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）。"
    )


def test_bad_org_code_check():
    good = make_credit_code("91", "140931", "05643210")
    wrong = next(c for c in "0123456789X" if c != good[16])
    first17 = good[:16] + wrong
    code = first17 + uscc_check_char(first17)  # final check right, org-code check wrong
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert message(exc) == "统一社会信用代码中的组织机构代码（第9至17位）校验位错误。"


def test_bad_final_check():
    good = REAL_WORLD_STYLE[0]
    wrong = next(c for c in USCC_CHARS if c != good[17])
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(good[:17] + wrong)
    assert message(exc) == "统一社会信用代码校验位（第18位）错误，请核对。"


codes = st.builds(
    make_credit_code,
    st.text(USCC_CHARS, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_CHARS, min_size=8, max_size=8),
)


@given(codes)
def test_every_generated_code_validates(code):
    assert validate_credit_code(code) is None  # raises ValidationError when invalid


# Replacements: the code alphabet, the five excluded letters, other characters users type.
REPLACEMENTS = USCC_CHARS + "IOZSV-_ .。０"


@given(codes, st.integers(min_value=0, max_value=17), st.sampled_from(REPLACEMENTS))
def test_any_single_character_change_is_refused(code, position, replacement):
    if replacement == code[position]:
        replacement = USCC_CHARS[(USCC_CHARS.index(replacement) + 1) % len(USCC_CHARS)]
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_credit_code(changed)


@given(
    codes,
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=0, max_value=16),
)
def test_swapping_two_different_characters_is_usually_refused(code, i, j):
    """Not a requirement of the standard; just documents that the check is position-weighted."""
    if code[i] == code[j]:
        return
    chars = list(code)
    chars[i], chars[j] = chars[j], chars[i]
    swapped = "".join(chars)
    # A transposition changes the sum by (a-b)(w_i-w_j); w_i == w_j never happens for i != j
    # among 3^0..3^16 mod 31 (3 is a primitive root mod 31, order 30), so it is always caught.
    with pytest.raises(ValidationError):
        validate_credit_code(swapped)


def test_weights_are_distinct_and_nonzero():
    from liangxin.core.validators import USCC_WEIGHTS

    assert len(set(USCC_WEIGHTS)) == 17
    assert all(w % 31 for w in USCC_WEIGHTS)


@pytest.mark.parametrize("phone", ["13912345678", "19800001111", "15000000000", ""])
def test_valid_mobiles(phone):
    assert validate_mobile(phone) is None  # raises ValidationError when invalid


@pytest.mark.parametrize(
    "phone",
    ["12912345678", "1391234567", "139123456789", "2391234567a", "139-1234-567"],
)
def test_invalid_mobiles(phone):
    with pytest.raises(ValidationError) as exc:
        validate_mobile(phone)
    assert message(exc) == "手机号应为以1开头的11位数字。"


def test_mask_phone():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("") == ""
