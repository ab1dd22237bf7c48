"""The one xlsx writer. Lists pass their queryset and their on-screen columns."""

import datetime
import tempfile
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.tables import Column


def write_xlsx(fileobj, *, title: str, columns: list[Column], rows) -> int:
    """Stream rows into a write-only workbook: real dates/numbers, frozen bold header."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = max(
            10, len(col.label) * 2 + 4
        )
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.label)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for obj in rows:
        values = []
        for col in columns:
            value = col.cell(obj)
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = (
                    "yyyy-mm-dd hh:mm"
                    if isinstance(value, datetime.datetime)
                    else "yyyy-mm-dd"
                )
                value = cell
            values.append(value)
        ws.append(values)
        count += 1
    wb.save(fileobj)
    return count


def xlsx_response(*, user, queryset, columns: list[Column], title: str, note: str = ""):
    """Export the user's filtered queryset (or computed rows); the export is audited."""
    tmp = tempfile.TemporaryFile()
    rows = (
        queryset.iterator(chunk_size=2000)
        if isinstance(queryset, QuerySet)
        else queryset
    )
    count = write_xlsx(tmp, title=title, columns=columns, rows=rows)
    tmp.seek(0)
    audit.log(
        user=user,
        action=AuditAction.EXPORT,
        note=f"导出“{title}”{count}条。{note}".strip(),
    )
    filename = f"{title}-{datetime.date.today():%Y%m%d}.xlsx"
    response = FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
