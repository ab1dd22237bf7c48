"""Computing the fact rows from the live functions (the definition) and writing them set-based.

Work goes region by region: each leaf region (a county, or any region without children) is
computed and written in its own transaction, in bulk statements of at most CHUNK rows, so
memory stays flat however large the province. Everything is safe to run at any time: instructor
months and party-organization periods are upserted / replaced, flags are reconciled against the
open rows (new ones raised, vanished ones cleared, the rest updated in place).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from liangxin.core import memo, summaries
from liangxin.core.audit import latest_write
from liangxin.core.models import Region, Role, User
from liangxin.core.models.region import region_prefix
from liangxin.core.workcalendar import month_bounds
from liangxin.core.worklist import Flag, flags_for
from liangxin.duties.models import Enrolment
from liangxin.facts.models import (
    COUNTY,
    FlagRow,
    FlagState,
    InstructorMonth,
    PartyOrgPeriod,
    committee_scope,
)
from liangxin.fieldwork.compliance import (
    ComplianceRow,
    instructor_compliance,
    region_compliance,
)
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.handbook.models import HandbookEntry, Problem
from liangxin.orgs.models import PartyCommittee, PartyOrganization
from liangxin.partylife import compliance as partylife

CHUNK = 1000

IM_FIELDS = [
    "region",
    "committee_id",
    "confirmed_days",
    "pending_days",
    "disputed_days",
    "required_days",
    "shortfall",
    "handbook_entries",
    "problems_opened",
    "problems_resolved",
    "training_hours",
]


@dataclass
class Totals:
    regions: int = 0
    instructor_months: int = 0
    party_org_periods: int = 0
    flags_raised: int = 0
    flags_cleared: int = 0
    flags_open: int = 0
    months: list = field(default_factory=list)

    def count_flags(self, counts: tuple[int, int, int]) -> None:
        """Add a county's (raised, cleared, open) flag rows (`refresh_flags`)."""
        raised, cleared, still = counts
        self.flags_raised += raised
        self.flags_cleared += cleared
        self.flags_open += still


# --- scope -----------------------------------------------------------------------------------
def leaf_regions(region: str | None = None) -> list[str]:
    """Codes of the regions without children at or below `region` (all when None)."""
    qs = Region.objects.filter(~Exists(Region.objects.filter(parent=OuterRef("pk"))))
    if region:
        qs = qs.filter(code__startswith=region_prefix(region))
    return list(qs.order_by("code").values_list("code", flat=True))


def scope_user(region_code: str) -> User:
    """An unsaved county administrator of the region: the live collectors scope by user, and
    this one sees exactly that region (and below), as its real administrator would."""
    return User(
        username=f"facts:{region_code}",
        role=Role.COUNTY_ADMIN,
        region_id=region_code,
        is_active=True,
    )


# --- instructor × month ----------------------------------------------------------------------
def month_extras(instructor_filter: Q, year: int, month: int) -> dict[int, dict]:
    """{instructor id: the month's other figures}, one grouped query each. `instructor_filter`
    is a Q on `instructor…` (a region prefix or one instructor)."""
    first, last = month_bounds(year, month)
    extras: dict[int, dict] = {}

    def put(rows, name):
        for instructor_id, value in rows:
            extras.setdefault(instructor_id, {})[name] = value

    put(
        Visit.objects.filter(
            instructor_filter,
            date__gte=first,
            date__lte=last,
            status=VisitStatus.DISPUTED,
        )
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("date", distinct=True))
        .values_list("instructor_id", "n"),
        "disputed_days",
    )
    put(
        HandbookEntry.objects.filter(instructor_filter, date__gte=first, date__lte=last)
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("pk"))
        .values_list("instructor_id", "n"),
        "handbook_entries",
    )
    put(
        Problem.objects.filter(
            instructor_filter, raised_on__gte=first, raised_on__lte=last
        )
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("pk"))
        .values_list("instructor_id", "n"),
        "problems_opened",
    )
    put(
        Problem.objects.filter(
            instructor_filter, resolved_on__gte=first, resolved_on__lte=last
        )
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("pk"))
        .values_list("instructor_id", "n"),
        "problems_resolved",
    )
    put(
        Enrolment.objects.filter(
            instructor_filter,
            attended=True,
            event__date__gte=first,
            event__date__lte=last,
        )
        .order_by()
        .values("instructor_id")
        .annotate(n=Sum("event__hours"))
        .values_list("instructor_id", "n"),
        "training_hours",
    )
    return extras


def _instructor_month(row: ComplianceRow, year, month, extra: dict) -> InstructorMonth:
    return InstructorMonth(
        instructor_id=row.instructor_id,
        region_id=row.region_id,
        committee_id=row.committee_id,
        year=year,
        month=month,
        confirmed_days=row.confirmed_days,
        pending_days=row.pending_days,
        disputed_days=extra.get("disputed_days", 0),
        required_days=row.required,
        shortfall=row.shortfall,
        handbook_entries=extra.get("handbook_entries", 0),
        problems_opened=extra.get("problems_opened", 0),
        problems_resolved=extra.get("problems_resolved", 0),
        training_hours=extra.get("training_hours") or Decimal("0"),
    )


def _upsert_months(objs: list[InstructorMonth]) -> None:
    for start in range(0, len(objs), CHUNK):
        InstructorMonth.objects.bulk_create(
            objs[start : start + CHUNK],
            update_conflicts=True,
            unique_fields=["instructor", "year", "month"],
            update_fields=IM_FIELDS,
        )


def refresh_instructor_months(region_code: str, year: int, month: int) -> int:
    """Every instructor of a region (and below) for one month."""
    prefix = region_prefix(region_code)
    rows = region_compliance(region_code, year, month)
    extras = month_extras(Q(instructor__region__code__startswith=prefix), year, month)
    objs = [
        _instructor_month(r, year, month, extras.get(r.instructor_id, {})) for r in rows
    ]
    _upsert_months(objs)
    InstructorMonth.objects.filter(
        year=year, month=month, region__code__startswith=prefix
    ).exclude(instructor_id__in=[r.instructor_id for r in rows]).delete()
    return len(objs)


def refresh_instructor_month(instructor_id: int, year: int, month: int) -> None:
    """One instructor's month (the services' hook, in their transaction)."""
    row = instructor_compliance(instructor_id, year, month)
    if row is None:
        InstructorMonth.objects.filter(
            instructor_id=instructor_id, year=year, month=month
        ).delete()
        return
    extras = month_extras(Q(instructor_id=instructor_id), year, month)
    _upsert_months([_instructor_month(row, year, month, extras.get(instructor_id, {}))])


# --- party organization × period -------------------------------------------------------------
def party_org_periods(party_orgs, year: int, today: datetime.date):
    """PartyOrgPeriod objects (unsaved) from the live party-life compliance."""
    for row in partylife.compliance(party_orgs, year, today):
        po = row.party_organization
        for result in row.results.values():
            for o in result.obligations:
                if not o.expected:
                    continue
                yield PartyOrgPeriod(
                    party_organization_id=po.pk,
                    region_id=po.region_id,
                    kind=result.kind,
                    year=year,
                    period_start=o.period.start,
                    period_end=o.period.end,
                    due=o.expected,
                    held=o.actual,
                )


def refresh_party_org_periods(region_code: str, year: int, today: datetime.date) -> int:
    """Bring a region's periods of a year up to date, CHUNK party organizations at a time:
    rows that did not change are left alone (a nightly run writes only what changed), changed
    ones are updated, new ones inserted and vanished ones deleted. Returns the rows current."""
    prefix = region_prefix(region_code)
    party_orgs = (
        PartyOrganization.objects.filter(region__code__startswith=prefix)
        .still_serving()
        .order_by("pk")
    )
    current, last_pk, seen = 0, 0, []
    while True:
        chunk = list(party_orgs.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        ids = [po.pk for po in chunk]
        seen.extend(ids)
        current += _sync_periods(ids, list(party_org_periods(chunk, year, today)), year)
    PartyOrgPeriod.objects.filter(year=year, region__code__startswith=prefix).exclude(
        party_organization_id__in=seen
    ).delete()
    return current


PERIOD_VALUES = ("region_id", "period_end", "due", "held")


def _sync_periods(party_org_ids, wanted: list[PartyOrgPeriod], year: int) -> int:
    def key(row):
        return (row.party_organization_id, row.kind, row.period_start)

    stored = {
        key(row): row
        for row in PartyOrgPeriod.objects.filter(
            year=year, party_organization_id__in=party_org_ids
        ).only("pk", "party_organization_id", "kind", "period_start", *PERIOD_VALUES)
    }
    new, changed = [], []
    for obj in wanted:
        row = stored.pop(key(obj), None)
        if row is None:
            new.append(obj)
        elif any(getattr(row, f) != getattr(obj, f) for f in PERIOD_VALUES):
            for f in PERIOD_VALUES:
                setattr(row, f, getattr(obj, f))
            row.refreshed_at = timezone.now()
            changed.append(row)
    if stored:
        PartyOrgPeriod.objects.filter(pk__in=[r.pk for r in stored.values()]).delete()
    PartyOrgPeriod.objects.bulk_create(new, batch_size=CHUNK)
    PartyOrgPeriod.objects.bulk_update(
        changed,
        ["region", "period_end", "due", "held", "refreshed_at"],
        batch_size=CHUNK,
    )
    return len(wanted)


# --- flags -----------------------------------------------------------------------------------
def flag_key(flag: Flag) -> str:
    return "|".join(
        [
            flag.kind,
            str(flag.instructor_id or ""),
            str(flag.organization_id or ""),
            flag.subject,
        ]
    )[:200]


def keyed(flags) -> dict[str, Flag]:
    """Flags by key; a key seen twice gets a suffix (the collectors said two things)."""
    result: dict[str, Flag] = {}
    for flag in flags:
        base = key = flag_key(flag)
        n = 2
        while key in result:
            key, n = f"{base}#{n}"[:200], n + 1
        result[key] = flag
    return result


SAME = (
    "label",
    "severity",
    "detail",
    "url",
    "instructor_name",
    "party_organization_id",
)


def scopes(region_code: str) -> list[tuple[str, User]]:
    """Whose lists a county's flag rows are kept for: the whole county's (COUNTY) and each of
    its sector committees' staff, each as an unsaved user seeing exactly that."""
    committees = PartyCommittee.objects.filter(region_id=region_code).order_by("pk")
    return [(COUNTY, scope_user(region_code))] + [
        (
            committee_scope(pk),
            User(
                username=f"facts:{region_code}:c{pk}",
                role=Role.COMMITTEE_STAFF,
                region_id=region_code,
                committee_id=pk,
                is_active=True,
            ),
        )
        for pk in committees.values_list("pk", flat=True)
    ]


def lock_state(region_code: str) -> FlagState:
    """The county's FlagState, locked until the transaction ends (created as never current):
    refreshes of one county take turns on it."""
    FlagState.objects.bulk_create(
        [FlagState(region_id=region_code, refreshed_on=datetime.date.min)],
        ignore_conflicts=True,
    )
    return FlagState.objects.select_for_update().get(region_id=region_code)


def refresh_flags(
    region_code: str,
    today: datetime.date,
    *,
    committees: bool = True,
    county: bool = True,
) -> tuple[int, int, int]:
    """Reconcile a region's open flag rows with the live collectors, for the whole county
    (`county`) and for each of its committees (`committees`; `scopes`). Returns the county's
    (raised, cleared, open), or the committees' summed when the county's are not run. Run in
    a transaction; two runs for one region (a write's refresh and the nightly ones) take turns
    on its FlagState row, which then says which write each part's rows are current with."""
    computed_on = timezone.localdate()  # the collectors' today (`today` dates the rows)
    state = lock_state(region_code)
    # read before the collectors: a write recorded while they run is newer than this
    through = latest_write(region_code)
    counts = {}
    for scope, user in scopes(region_code):
        if county if scope == COUNTY else committees:
            # one memo per scope: the collectors' shared reads are per user (core.memo)
            with memo.evaluation(fresh=True):
                flags = flags_for(user)
            counts[scope] = _reconcile(region_code, scope, keyed(flags), today)
    if county:
        state.through_write, state.refreshed_on = through, computed_on
    if committees:
        state.committees_through, state.committees_on = through, computed_on
    state.save()
    if county:
        return counts[COUNTY]
    return tuple(map(sum, zip(*counts.values(), strict=True))) if counts else (0, 0, 0)


def _reconcile(region_code, scope, current: dict[str, Flag], today):
    open_rows = {
        r.key: r for r in FlagRow.objects.filter(region_id=region_code).open(scope)
    }
    gone = [r.pk for k, r in open_rows.items() if k not in current]
    for start in range(0, len(gone), CHUNK):
        FlagRow.objects.filter(pk__in=gone[start : start + CHUNK]).update(
            cleared_on=today
        )
    new, changed = [], []
    for key, flag in current.items():
        row = open_rows.get(key)
        if row is None:
            new.append(
                FlagRow(
                    key=key,
                    kind=flag.kind,
                    label=flag.label,
                    severity=flag.severity,
                    detail=flag.detail,
                    url=flag.url,
                    instructor_id=flag.instructor_id,
                    instructor_name=flag.instructor_name,
                    organization_id=flag.organization_id,
                    subject=flag.subject,
                    party_organization_id=flag.party_organization_id,
                    region_id=region_code,
                    scope=scope,
                    raised_on=today,
                )
            )
        elif any(getattr(row, f) != getattr(flag, f) for f in SAME):
            for f in SAME:
                setattr(row, f, getattr(flag, f))
            row.refreshed_at = timezone.now()  # bulk_update does not apply auto_now
            changed.append(row)
    FlagRow.objects.bulk_create(new, batch_size=CHUNK)
    FlagRow.objects.bulk_update(changed, [*SAME, "refreshed_at"], batch_size=CHUNK)
    return len(new), len(gone), len(current)


# --- everything ------------------------------------------------------------------------------
def default_months(today: datetime.date) -> list[tuple[int, int]]:
    """The current month and the one before (late confirmations still change it)."""
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return [(previous.year, previous.month), (today.year, today.month)]


def refresh(
    region: str | None = None,
    months: list[tuple[int, int]] | None = None,
    today: datetime.date | None = None,
    *,
    flags: bool = True,
    committees: bool = False,
) -> Totals:
    """Rebuild the facts of a region and below (all when None) for the months given (default:
    this month and the last); flags are always as of today: the counties' own rows, and with
    `committees` their committees' too (otherwise a write reconciles those, facts.on_write,
    and so does the scheduled `refresh_committee_flags` after the nightly run)."""
    today = today or timezone.localdate()
    months = months or default_months(today)
    years = sorted({y for y, _ in months})
    totals = Totals(months=months)
    for code in leaf_regions(region):
        with transaction.atomic():
            for year, month in months:
                totals.instructor_months += refresh_instructor_months(code, year, month)
            for year in years:
                totals.party_org_periods += refresh_party_org_periods(code, year, today)
            if flags:
                totals.count_flags(refresh_flags(code, today, committees=committees))
        totals.regions += 1
    summaries.renew()
    return totals


def refresh_committee_flags(
    region: str | None = None, today: datetime.date | None = None
) -> Totals:
    """Reconcile the committees' flag rows of every county of a region (all when None): the
    scheduled job after the nightly `refresh`, which leaves them. Their staff's worklists then
    read rows from the day's first view, not only after the county's first write."""
    today = today or timezone.localdate()
    totals = Totals()
    for code in leaf_regions(region):
        with transaction.atomic():
            totals.count_flags(
                refresh_flags(code, today, county=False, committees=True)
            )
        totals.regions += 1
    return totals


def _refresh_one(args) -> Totals:
    code, months, today, flags, committees_only = args
    if committees_only:
        return refresh_committee_flags(code, today)
    return refresh(code, months, today, flags=flags)


def refresh_parallel(
    region: str | None = None,
    months: list[tuple[int, int]] | None = None,
    today: datetime.date | None = None,
    *,
    flags: bool = True,
    jobs: int = 2,
    committees_only: bool = False,
) -> Totals:
    """`refresh` (`refresh_committee_flags` with `committees_only`) with the leaf regions
    shared among `jobs` processes (each region is still its own transaction, so the result is
    the same as one process's)."""
    import multiprocessing

    from django.db import connections

    today = today or timezone.localdate()
    months = months or default_months(today)
    codes = leaf_regions(region)
    connections.close_all()  # each process opens its own
    totals = Totals(months=months)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=connections.close_all) as pool:
        for part in pool.imap_unordered(
            _refresh_one,
            [(code, months, today, flags, committees_only) for code in codes],
        ):
            for name in (
                "regions",
                "instructor_months",
                "party_org_periods",
                "flags_raised",
                "flags_cleared",
                "flags_open",
            ):
                setattr(totals, name, getattr(totals, name) + getattr(part, name))
    if not committees_only:  # the committees' rows feed no summary
        summaries.renew()  # the workers' caches may be this process's alone
    return totals
