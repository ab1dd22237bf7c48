"""The hooks between the domain apps and the derived fact tables.

Writing: services say "this instructor-month changed" so that derived fact
tables (the facts app, a layer above every domain app) are refreshed in the same transaction.

Core knows no app: the facts app registers its refresher here; domain services call
`changed(instructor_id=..., on=date)` right after their write, inside their transaction. With no
refresher registered (an app not installed) the call does nothing.

Every recorded write (core.audit.log, which every service calls) also says `written(region,
instructor)`: once the transaction commits, the facts app brings the worklist's flag rows of
those counties up to date (`on_written`), once per county however many rows the transaction
wrote. A transaction rolled back refreshes nothing.
"""

import datetime
import functools
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

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


def changed_between(
    *, instructor_id: int | None, first: datetime.date, last: datetime.date | None
) -> None:
    """Refresh every month of an instructor from `first` to `last` (open: today), at most the
    latest MAX_MONTHS of them and none after today: assignments and leave change the required
    days of each month they span."""
    if instructor_id is None or first is None or not _refreshers:
        return
    today = timezone.localdate()
    last = min(last or today, today)
    months = []
    y, m = last.year, last.month
    while (y, m) >= (first.year, first.month) and len(months) < MAX_MONTHS:
        months.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    for y, m in months:
        for refresher in _refreshers:
            refresher(instructor_id, y, m)


MAX_MONTHS = 24


# --- reading: figures ask the facts first, and compute live when they have no answer --------
Reader = Callable[..., object]

_readers: dict[str, Reader] = {}


def provide(name: str, reader: Reader) -> Reader:
    """The facts app offers a reader for a live computation, e.g. "compliance"."""
    _readers[name] = reader
    return reader


def read(name: str, **kwargs):
    """The reader's answer, or None when there is no reader or the facts don't cover what is
    asked (the caller then computes live)."""
    reader = _readers.get(name)
    return None if reader is None else reader(**kwargs)


# --- recorded writes: the flag rows of the counties written ----------------------------------
WrittenHook = Callable[[set[str], set[int]], None]  # (region codes, instructor ids)

_written_hooks: list[WrittenHook] = []


def on_written(hook: WrittenHook) -> WrittenHook:
    if hook not in _written_hooks:
        _written_hooks.append(hook)
    return hook


def written(region_id: str | None, instructor_id: int | None = None) -> None:
    """A write about this region (and this instructor, who may belong to another county) was
    recorded: after the commit, the hooks run once for everything the transaction wrote."""
    if not _written_hooks or (region_id is None and instructor_id is None):
        return
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:  # the callback of this transaction, if registered
        pending = next(
            (
                getattr(func, "pending", None)
                for _sids, func, _robust in connection.run_on_commit
                if getattr(func, "pending", None) is not None
            ),
            None,
        )
    fresh = pending is None
    if fresh:
        pending = (set(), set())
    if region_id:
        pending[0].add(region_id)
    if instructor_id:
        pending[1].add(instructor_id)
    if fresh:  # outside a transaction on_commit runs the callback now: filled first
        callback = functools.partial(_run_written, pending)
        callback.pending = pending
        # robust: the write is committed; a failed refresh is logged, the rows stay behind
        # (the worklist then computes live until the next refresh)
        transaction.on_commit(callback, robust=True)


def _run_written(pending) -> None:
    regions, instructors = pending
    for hook in _written_hooks:
        hook(set(regions), set(instructors))
