"""The one xlsx writer (write-only, streamed); `disposition` names every download.

Lists pass their queryset and their on-screen columns (`xlsx_response`); other workbooks (the
payout sheet for finance, the import templates) describe their sheets with `Sheet` — header
rows above the column header, footer rows below it (a callable, so totals can be summed while
the rows stream) — and go through `write_workbook`. Every text cell is written as text: a value
starting with = + - @ tab or CR never becomes a live formula (formula injection).
"""

import datetime
import decimal
import itertools
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.tables import Column

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"


@dataclass
class Sheet:
    """One worksheet. `columns` are `Column`s (rows are objects) or header texts (rows are
    sequences of values). `header` rows go above the column header (the first in bold, large),
    `footer` rows below the data; a callable footer is called after the rows were written."""

    title: str
    columns: list
    rows: Iterable
    header: list = field(default_factory=list)
    footer: list | Callable = field(default_factory=list)
    widths: list[int] | None = None


def _cell(ws, value, *, bold: bool = False, size: int | None = None):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and it stays text when edited in Excel
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, decimal.Decimal):
        cell.number_format = MONEY_FORMAT
    if bold or size:
        cell.font = Font(bold=bold, size=size)
    return cell


def _write_sheet(wb, spec: Sheet) -> int:
    ws = wb.create_sheet(title=spec.title[:31])
    labels = [c.label if isinstance(c, Column) else str(c) for c in spec.columns]
    widths = spec.widths or [max(10, len(label) * 2 + 4) for label in labels]
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = f"A{len(spec.header) + 2}"
    for n, row in enumerate(spec.header):
        ws.append([_cell(ws, v, bold=True, size=14 if n == 0 else None) for v in row])
    ws.append([_cell(ws, label, bold=True) for label in labels])
    objects = bool(spec.columns) and isinstance(spec.columns[0], Column)
    count = 0
    for obj in spec.rows:
        values = [c.cell(obj) for c in spec.columns] if objects else obj
        ws.append([_cell(ws, v) for v in values])
        count += 1
    footer = spec.footer() if callable(spec.footer) else spec.footer
    for row in footer:
        ws.append([_cell(ws, v) for v in row])
    return count


def write_workbook(fileobj, sheets: list[Sheet]) -> int:
    """Stream the sheets into a write-only workbook; returns the data rows of the first."""
    wb = Workbook(write_only=True)
    counts = [_write_sheet(wb, sheet) for sheet in sheets]
    wb.save(fileobj)
    return counts[0] if counts else 0


def write_xlsx(fileobj, *, title: str, columns: list, rows, **hooks) -> int:
    """One sheet: real dates/numbers, frozen bold header (see `Sheet` for the hooks)."""
    return write_workbook(fileobj, [Sheet(title, columns, rows, **hooks)])


def disposition(filename: str, *, inline: bool = False) -> str:
    """Content-Disposition naming the file in Chinese (RFC 6266 / RFC 5987 filename*),
    with an ASCII fallback for old clients."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    if ascii_name.startswith("."):
        ascii_name = "download" + ascii_name
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_file_response(
    *, user, sheets: list[Sheet], filename: str, note: str, obj=None
):
    """Any workbook as a download; the export is audited."""
    tmp = tempfile.TemporaryFile()
    write_workbook(tmp, sheets)
    tmp.seek(0)
    audit.log(user=user, action=AuditAction.EXPORT, obj=obj, note=note)
    response = FileResponse(tmp, content_type=XLSX_TYPE)
    response["Content-Disposition"] = disposition(filename)
    return response


def _stream(queryset):
    """A queryset's rows in chunks (never all in memory), or the computed rows as they are."""
    if isinstance(queryset, QuerySet):
        return queryset.iterator(chunk_size=2000)
    return iter(queryset)


def _with_progress(rows, on_progress):
    """Tell `on_progress(rows_done)` every 1000 rows (a background job's progress bar)."""
    for count, row in enumerate(rows, 1):
        yield row
        if count % 1000 == 0:
            on_progress(count)


def xlsx_response(
    *,
    user,
    queryset,
    columns: list[Column],
    title: str,
    note: str = "",
    request=None,
):
    """Export the user's filtered queryset (or computed rows); the export is audited.

    Given the request, an export of more than EXPORT_SYNC_MAX_ROWS rows is made by a
    background job instead (liangxin.jobs): the user is sent to its progress page and is
    notified with the file. The request does not count first: it reads at most one row past
    the threshold with the same query, so a small export costs no query more. Inside the job
    the same view runs again and writes every row, reporting progress."""
    from liangxin.jobs import services as jobs

    rows = _stream(queryset)
    if request is not None and jobs.is_replay(request):
        if isinstance(queryset, QuerySet):
            total = queryset.count()
        else:
            total = len(queryset) if hasattr(queryset, "__len__") else 0
        rows = _with_progress(
            rows, lambda done: jobs.report_progress(request, done, total)
        )
    elif request is not None:
        limit = settings.EXPORT_SYNC_MAX_ROWS
        rows = list(itertools.islice(rows, limit + 1))
        if len(rows) > limit:
            return jobs.offload(request, title=f"导出：{title}")
    tmp = tempfile.TemporaryFile()
    count = write_xlsx(tmp, title=title, columns=columns, rows=rows)
    tmp.seek(0)
    audit.log(
        user=user,
        action=AuditAction.EXPORT,
        note=f"导出“{title}”{count}条。{note}".strip(),
    )
    response = FileResponse(tmp, content_type=XLSX_TYPE)
    response["Content-Disposition"] = disposition(
        f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return response
