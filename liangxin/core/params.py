"""Numbers read from a query string or a form list, checked before int(): `str.isdigit()`
also accepts characters such as '²' that int() refuses, which made a page answer 500."""


def is_number(value, max_digits: int = 18) -> bool:
    """ASCII digits only, and few enough for a database integer."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= max_digits
        and value.isascii()
        and value.isdigit()
    )
