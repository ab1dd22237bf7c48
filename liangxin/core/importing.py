"""Import from xlsx or CSV: preview every error with row and column, store all rows or none.

An app declares an `ImportSpec` (columns, the form that validates a row, the service that saves
it). Preview and commit run the same code; a preview is a commit that is always rolled back, so
it also catches conflicts between rows of the same file.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from liangxin.core import audit
from liangxin.core.exporting import Sheet, write_workbook
from liangxin.core.models import AuditAction
from liangxin.core.services import ServiceError

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_BYTES = 5 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (Chinese message)."""


@dataclass
class ImportColumn:
    header: str
    field: str
    required: bool = False
    help: str = ""
    example: str = ""
    parse: Callable | None = (
        None  # (text, user) -> form value; raises ValueError("中文原因")
    )


@dataclass
class RowResult:
    number: int  # the row number as the user sees it in the file (header is row 1)
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowResult]
    file_errors: list[str]
    saved: int = 0

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)


class ImportSpec:
    title: str = ""
    columns: list[ImportColumn] = []

    def build_form(self, *, user, data: dict):
        raise NotImplementedError

    def save(self, *, user, form):
        raise NotImplementedError


def parse_bool(text: str, user=None):
    value = text.strip().lower()
    if value in ("是", "y", "yes", "true", "1", "√"):
        return True
    if value in ("否", "n", "no", "false", "0", ""):
        return False
    raise ValueError("应填写“是”或“否”")


def choice_parser(choices) -> Callable:
    labels = {label: value for value, label in choices}
    values = {value for value, _ in choices}

    def parse(text: str, user=None):
        text = text.strip()
        if text in labels:
            return labels[text]
        if text in values or text == "":
            return text
        raise ValueError("应为以下之一：" + "、".join(labels))

    return parse


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) first; otherwise GB18030, a superset of GBK and GB2312."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件编码，请将 CSV 另存为 UTF-8 或 GBK 编码。")


def _read_sheet(ws) -> list[list[str]]:
    """Stream the first sheet, refusing a declared size beyond the caps before reading and
    stopping at the caps while reading (a tiny file may declare A1:XFD1048576)."""
    if (ws.max_row or 0) > MAX_ROWS + 1 or (ws.max_column or 0) > MAX_COLUMNS:
        raise ImportFileError(
            f"文件声明的表格范围过大（{ws.max_row or 0} 行 × {ws.max_column or 0} 列），"
            f"一次最多导入 {MAX_ROWS} 行、{MAX_COLUMNS} 列。"
            "请删除多余的空行空列或将数据复制到新文件后再导入。"
        )
    rows = []
    # read-only sheets are parsed lazily: a broken sheet fails here, not on load
    for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        values = [_text(v) for v in row]
        if not any(values):
            continue
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
        rows.append(values)
    return rows


def read_table(content: bytes, filename: str) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise ImportFileError("文件超过 5 MB，请分批导入。")
    if not content:
        raise ImportFileError("文件是空的。")
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                rows = _read_sheet(wb.worksheets[0])
            finally:
                wb.close()
        except (
            zipfile.BadZipFile,
            KeyError,
            OSError,
            ValueError,
            IndexError,
            TypeError,
            SyntaxError,
        ) as exc:  # SyntaxError covers xml ParseError of damaged parts
            raise ImportFileError(
                "无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密。"
            ) from exc
    elif name.endswith(".csv"):
        text = decode_csv(content)
        try:
            rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise ImportFileError(f"CSV 格式错误：{exc}") from exc
    else:
        raise ImportFileError("只支持 .xlsx 或 .csv 文件。")
    rows = [row for row in rows if any(cell for cell in row)] if rows else []
    if not rows:
        raise ImportFileError("文件中没有数据。")
    return rows


def run_import(
    spec: ImportSpec, *, user, content: bytes, filename: str, commit: bool
) -> ImportResult:
    try:
        table = read_table(content, filename)
    except ImportFileError as exc:
        return ImportResult(rows=[], file_errors=[str(exc)])
    headers = table[0]
    by_header = {c.header: c for c in spec.columns}
    file_errors = []
    unknown = [h for h in headers if h and h not in by_header]
    if unknown:
        file_errors.append(
            "无法识别的列：" + "、".join(unknown) + "（请使用下载的模板）"
        )
    missing = [c.header for c in spec.columns if c.required and c.header not in headers]
    if missing:
        file_errors.append("缺少必填列：" + "、".join(missing))
    if len(table) - 1 > MAX_ROWS:
        file_errors.append(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
    if file_errors:
        return ImportResult(rows=[], file_errors=file_errors)
    if len(table) == 1:
        return ImportResult(rows=[], file_errors=["文件只有表头，没有数据行。"])

    results: list[RowResult] = []
    field_headers = {c.field: c.header for c in spec.columns}
    with transaction.atomic():
        for number, raw in enumerate(table[1:], start=2):
            values = {
                h: (raw[i] if i < len(raw) else "") for i, h in enumerate(headers) if h
            }
            row = RowResult(number=number, values=values)
            data = {}
            for column in spec.columns:
                text = values.get(column.header, "")
                if column.required and not text:
                    row.errors.append((column.header, "必填"))
                    continue
                try:
                    data[column.field] = (
                        column.parse(text, user) if column.parse else text
                    )
                except ValueError as exc:
                    row.errors.append((column.header, str(exc)))
            if not row.errors:
                form = spec.build_form(user=user, data=data)
                if form.is_valid():
                    try:
                        with transaction.atomic():
                            spec.save(user=user, form=form)
                    except ServiceError as exc:
                        row.errors.append(
                            (field_headers.get(exc.field, "整行"), exc.message)
                        )
                    except ValidationError as exc:
                        row.errors += [("整行", m) for m in exc.messages]
                else:
                    for name, errors in form.errors.items():
                        for message in errors:
                            row.errors.append(
                                (field_headers.get(name, "整行"), message)
                            )
            results.append(row)
        result = ImportResult(rows=results, file_errors=[])
        if commit and result.ok:
            result.saved = len(results)
            audit.log(
                user=user,
                action=AuditAction.IMPORT,
                note=f"导入“{spec.title}”{result.saved}条（文件：{filename[:100]}）",
            )
        else:
            transaction.set_rollback(True)
    return result


def template_workbook(spec: ImportSpec) -> bytes:
    """The blank file to fill in, with a sheet explaining each column (the one xlsx writer)."""
    notes = [
        [c.header, "必填" if c.required else "选填", c.help, c.example]
        for c in spec.columns
    ]
    notes += [
        [],
        [
            "第一张表的第一行是表头，请勿修改；从第二行开始每行一条记录。"
            "任何一行有错误时整个文件都不会导入。"
        ],
    ]
    buf = io.BytesIO()
    write_workbook(
        buf,
        [
            Sheet(
                spec.title,
                [c.header for c in spec.columns],
                [],
                widths=[max(12, len(c.header) * 2 + 4) for c in spec.columns],
            ),
            Sheet("填写说明", ["列名", "是否必填", "说明", "示例"], notes),
        ],
    )
    return buf.getvalue()
