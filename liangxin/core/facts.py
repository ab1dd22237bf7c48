"""The hook through which services say "this instructor-month changed" so that derived fact
tables (the facts app, a layer above every domain app) are refreshed in the same transaction.

Core knows no app: the facts app registers its refresher here; domain services call
`changed(instructor_id=..., on=date)` right after their write, inside their transaction. With no
refresher registered (an app not installed) the call does nothing.
"""

import datetime
from collections.abc import Callable

Refresher = Callable[[int, int, int], None]  # (instructor id, year, month)

_refreshers: list[Refresher] = []


def register(refresher: Refresher) -> Refresher:
    if refresher not in _refreshers:
        _refreshers.append(refresher)
    return refresher


def changed(*, instructor_id: int | None, on: datetime.date) -> None:
    """Refresh the facts of one instructor's month now, in the caller's transaction."""
    if instructor_id is None or on is None:
        return
    for refresher in _refreshers:
        refresher(instructor_id, on.year, on.month)
