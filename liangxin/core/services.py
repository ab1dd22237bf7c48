"""The shared write path: create and update records with validation, locking and audit."""

from django.db import IntegrityError, models, transaction

from liangxin.core import audit
from liangxin.core.models import AuditAction


class ServiceError(Exception):
    """A rule was broken; the message is shown to the user as is (Chinese)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        return {self.field or "non_field_errors": [self.message]}


class ConflictError(ServiceError):
    """Someone else saved the record after this user loaded it."""


CONFLICT_MESSAGE = "该记录已被他人修改，请刷新页面后重新编辑（您的修改未保存）。"


def lock_for_update(obj: models.Model, expected_version: int | None = None):
    """The one optimistic-locking path: lock the row of `obj` and return its stored state;
    refuse (ConflictError → 409 in the API) when someone saved it after `expected_version`."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)
    return current


def create_record(
    *, user, instance: models.Model, note: str = "", action: str = AuditAction.CREATE
) -> models.Model:
    with transaction.atomic():
        instance.full_clean()
        try:
            instance.save()
        except IntegrityError as exc:  # a race the validation could not see
            raise ServiceError("保存失败：数据与已有记录冲突，请检查后重试。") from exc
        audit.log(
            user=user,
            action=action,
            obj=instance,
            after=audit.snapshot(instance),
            note=note,
        )
    return instance


def update_record(
    *,
    user,
    instance: models.Model,
    expected_version: int | None = None,
    note: str = "",
    action: str = AuditAction.UPDATE,
) -> models.Model:
    """Save an edited instance unless someone else saved it first (optimistic locking)."""
    with transaction.atomic():
        current = lock_for_update(instance, expected_version)
        before = audit.snapshot(current)
        instance.version = current.version + 1
        instance.full_clean()
        try:
            instance.save()
        except IntegrityError as exc:
            raise ServiceError("保存失败：数据与已有记录冲突，请检查后重试。") from exc
        audit.log(
            user=user,
            action=action,
            obj=instance,
            before=before,
            after=audit.snapshot(instance),
            note=note,
        )
    return instance


def confirm_calendar_year(*, user, year: int, notice: str):
    """A county admin marks a year's working calendar complete, naming the State Council
    notice it follows: from then on results in that year are no longer 暂算."""
    from liangxin.core.models import Role, WorkCalendarYear
    from liangxin.core.workcalendar import package_day

    if not (user.is_superuser or user.role == Role.COUNTY_ADMIN):
        raise ServiceError("只有县级管理员可以确认工作日历。")
    notice = (notice or "").strip()
    if not notice:
        raise ServiceError("请填写所依据的国务院办公厅节假日安排通知。", field="notice")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError("年度无效。", field="year") from None
    if not 2000 <= year <= 2100:
        raise ServiceError("年度应在 2000 年至 2100 年之间。", field="year")
    import datetime

    if package_day(datetime.date(year, 1, 1)) is not None:
        raise ServiceError(
            f"{year} 年的节假日安排已随日历数据包载入，无需确认。", field="year"
        )
    with transaction.atomic():
        if WorkCalendarYear.objects.filter(year=year).exists():
            raise ServiceError(f"{year} 年的工作日历已确认。", field="year")
        confirmed = WorkCalendarYear.objects.create(
            year=year, notice=notice[:200], confirmed_by=user
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=confirmed,
            after={"year": year, "notice": confirmed.notice},
            note=f"确认 {year} 年工作日历完整：{confirmed.notice}",
        )
    return confirmed


def analyze_tables(*models) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk write (all tables when none are
    given). Autovacuum does it eventually; until then a freshly filled table looks empty to
    the planner, and a join against it can take seconds instead of milliseconds. Elsewhere
    (SQLite) nothing is done."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if tables else "ANALYZE")
