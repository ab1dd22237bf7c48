"""Numbers from a query string are checked before int(): '²' passes str.isdigit() but not
int(), and used to answer 500."""

import pytest

from liangxin.core.params import is_number


@pytest.mark.parametrize("value", ["1", "42", "0", "9" * 18])
def test_ascii_digits_are_numbers(value):
    assert is_number(value)


@pytest.mark.parametrize("value", ["", "²", "٣", "1.5", "-1", " 1", "9" * 19, None, 3])
def test_anything_else_is_not(value):
    assert not is_number(value)


@pytest.mark.parametrize(
    "url",
    [
        "/?committee=²",
        "/fieldwork/compliance/?per=²&year=²",
        "/orgs/?per=²",
        "/handbook/entries/new/?organization=²",
    ],
)
def test_a_superscript_digit_in_a_parameter_is_no_server_error(world, login, url):
    assert login(world.users.county).get(url).status_code < 500
