"""Django's zh-Hans formats, with ISO dates first among the input formats: a date field's
value is rendered with the first one, and a browser's `<input type="date">` accepts only
2026-11-30 (with Django's 2026/11/30 an edit form showed its date empty). Display formats
are Django's own (not redefined here)."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-11-30', what <input type="date"> sends and shows
    "%Y/%m/%d",  # '2026/11/30'
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
]
