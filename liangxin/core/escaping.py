"""One escaping rule for HTML built in Python (the sidebar, table rows, filters, worklist).

The same escaping as Django's `escape` (the standard library's `html.escape`, quotes
included), without its lazy-string wrapper, which cost as much as the escaping on pages that
escape a thousand strings. The result is plain text: mark the whole piece safe once built."""

from html import escape as _escape


def escape(value) -> str:
    return _escape(str(value))
