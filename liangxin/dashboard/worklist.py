"""The worklist's region filter: it needs the organization and roster tables, so it lives
here, above them, not in `core.worklist` (which knows no app)."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, Sum, Window

from liangxin.core import summaries
from liangxin.core.models import Role
from liangxin.core.models.region import region_prefix
from liangxin.core.worklist import Flag, Ranked, collectors_for, flags_for
from liangxin.dashboard.own_flags import own_flags
from liangxin.facts import on_write
from liangxin.facts.models import COUNTY, FlagRow, committee_scope
from liangxin.orgs.models import Organization
from liangxin.roster.models import Instructor


def live_flags(user, kind: str = "") -> list[Flag]:
    """The live worklist of a county-level user (every collector over what they may see),
    kept until anything in their county or above is recorded or the day ends
    (core.summaries): a county head opening the list twice does not run forty queries twice.
    An instructor's comes from their county's flag rows while those are current (own_flags)."""
    if not user.region_id:
        return flags_for(user, kinds={kind} if kind else None)

    def compute():
        own = own_flags(user)
        return flags_for(user) if own is None else own

    flags, _cached = summaries.get(
        summaries.key("worklist:v1", user.region_id, summaries.viewer(user)), compute
    )
    return [f for f in flags if f.kind == kind] if kind else flags


def region_covers(region_code: str, user) -> bool:
    """Does the region hold everything the user may see (their own county, or above it)? Then
    the region filter keeps every flag, those about a party organization or a candidate (no
    instructor, no organization) included."""
    return bool(user.region_id) and user.region_id.startswith(
        region_prefix(region_code)
    )


def in_region(flags: list[Flag], region_code: str) -> list[Flag]:
    """Flags whose instructor (or organization) lies in a region and below, one query each."""
    prefix = region_prefix(region_code)
    instructors = {f.instructor_id for f in flags if f.instructor_id}
    orgs = {
        f.organization_id for f in flags if not f.instructor_id and f.organization_id
    }
    keep_i = (
        set(
            Instructor.objects.filter(
                pk__in=instructors, region__code__startswith=prefix
            ).values_list("pk", flat=True)
        )
        if instructors
        else set()
    )
    keep_o = (
        set(
            Organization.objects.filter(
                pk__in=orgs, region__code__startswith=prefix
            ).values_list("pk", flat=True)
        )
        if orgs
        else set()
    )
    return [
        f
        for f in flags
        if (f.instructor_id in keep_i)
        or (not f.instructor_id and f.organization_id in keep_o)
    ]


# --- above a county: the flag rows kept by the facts layer -----------------------------------
def reads_facts(user) -> bool:
    """Above a county (a city or provincial administrator, a superuser) the live worklist would
    run every collector for thousands of instructors per request; there the page reads the open
    flag rows `refresh_facts` keeps (computed county by county from the same collectors)."""
    if user.is_superuser:
        return True
    return (
        user.role in (Role.COUNTY_ADMIN, Role.AUDITOR)
        and bool(user.region_id)
        and len(region_prefix(user.region_id)) < 6
    )


def county_rows_of(user) -> tuple[str, str] | None:
    """(county, FlagRow.scope) whose rows hold this county-level user's list: the county's own
    for its administrator or auditor, their committee's for committee staff (in the committee's
    county: scoping follows the committee, whatever region the account names); None for
    anyone else. An instructor's list reads the county's rows through `own_flags` (their part
    of the county is chosen by instructor and party organization, not by model)."""
    if user.is_superuser or not user.region_id or summaries.is_wide(user.region_id):
        return None
    if user.role in (Role.COUNTY_ADMIN, Role.AUDITOR):
        return user.region_id, COUNTY
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        return user.committee.region_id, committee_scope(user.committee_id)
    return None


def reads_county_rows(user) -> bool:
    """Does the user's worklist read flag rows (`county_rows_of`) rather than run every
    collector? While those rows are current: reconciled today after the county's newest
    write or nightly job (facts.on_write, facts.refresh), they are the same flags as the
    live collectors'."""
    found = county_rows_of(user)
    return found is not None and on_write.is_current(
        found[0], committees=found[1] != COUNTY
    )


def fact_rows(user, kinds, *, kind="", severity=None, region=""):
    """Open flag rows the user may see, filtered like the live list: a county's or a
    committee's rows at a county (`county_rows_of`), every county's own below a city or
    province administrator."""
    found = county_rows_of(user)
    if found is not None:
        rows = FlagRow.objects.open(found[1]).filter(region_id=found[0])
    else:
        rows = FlagRow.objects.open()
        if not user.is_superuser:
            rows = rows.in_region(user.region_prefix)
    rows = rows.filter(kind__in=list(kinds))
    if kind:
        rows = rows.filter(kind=kind)
    if region:
        rows = rows.in_region(region_prefix(region))
    if severity:
        rows = rows.filter(severity=severity)
    return rows


def fact_summary(rows) -> tuple[list[tuple[str, int]], int, object, int]:
    """(label, number of flags) per kind with the most serious kinds first, the number of
    flags, when the rows were last refreshed, and how many flags name no instructor (left
    out of the ranking): one pass over the rows, not four."""
    counts = list(
        rows.order_by()
        .values("label")
        .annotate(
            n=Count("pk"),
            top=Max("severity"),
            at=Max("refreshed_at"),
            unranked=Count("pk", filter=Q(instructor_id=None)),
        )
        .order_by("-top", "label")
    )
    return (
        [(c["label"], c["n"]) for c in counts],
        sum(c["n"] for c in counts),
        max((c["at"] for c in counts), default=None),
        sum(c["unranked"] for c in counts),
    )


def fact_ranking(rows):
    """Instructors by the weight of their open flags, in the database (as rank_instructors);
    each entry also says how many instructors the ranking holds (`total`, a window over the
    groups), so a page of it needs no second pass to count them."""
    return (
        rows.exclude(instructor_id=None)
        .order_by()
        .values("instructor_id")
        .annotate(
            name=Max("instructor_name"),
            score=Sum("severity"),
            kinds=Count("kind", distinct=True),
            total=Window(Count("instructor_id")),
        )
        .order_by("-score", "-kinds", "name", "instructor_id")
    )


PER_PAGE = 50


MAX_PAGE = 100_000  # an absurd number is the last page, never an OFFSET out of range


def page_number(raw) -> int:
    """A page number from the query string: a positive whole number, else the first page."""
    raw = str(raw or "")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    raw = raw.lstrip("0")  # 0000001 is page 1
    if not raw:
        return 1
    if len(raw) > len(str(MAX_PAGE)):  # no int() of a thousand digits
        return MAX_PAGE
    return min(int(raw), MAX_PAGE)


def fact_page(
    user, known, *, kind, severity, region, by_instructor, number, fresh=False
):
    """One page of the worklist from the open flag rows, with the counts above it, kept as a
    summary (core.summaries: above a county until `refresh_facts` rebuilds the rows, the only
    thing that changes them, or COCKPIT_SNAPSHOT_SECONDS, like the cockpit that links here).
    The first view pays the province's GROUP BY; the next ones read it back."""

    def compute():
        rows = fact_rows(user, known, kind=kind, severity=severity, region=region)
        kinds, flag_count, as_of, unranked = fact_summary(rows)
        if by_instructor:
            ranking = fact_ranking(rows)
            entries = list(ranking[(number - 1) * PER_PAGE : number * PER_PAGE])
            # past the end: the last page, as Paginator.get_page does
            if not entries and number > 1:
                total = ranking.count()
                number_ = max(1, -(-total // PER_PAGE))
                entries = list(ranking[(number_ - 1) * PER_PAGE : number_ * PER_PAGE])
            else:
                number_ = number
            total = entries[0]["total"] if entries else 0
            items = ranked_page(rows, entries)
        else:
            total = flag_count
            number_ = min(number, max(1, -(-total // PER_PAGE)))
            ordered = rows.order_by("-severity", "instructor_name", "kind", "pk")
            items = list(ordered[(number_ - 1) * PER_PAGE : number_ * PER_PAGE])
        return {
            "kinds": kinds,
            "flag_count": flag_count,
            "as_of": as_of,
            "unranked": unranked,
            "total": total,
            "number": number_,
            "items": items,
        }

    value, _kept = summaries.get(
        summaries.key(
            "worklist-facts:v1",
            summaries.region_of(user),
            summaries.viewer(user),
            kind,
            severity,
            region,
            int(by_instructor),
            number,
        ),
        compute,
        fresh=fresh,
    )
    return value


def warm(user) -> None:
    """Compute the unfiltered first page afresh (the scheduled job, after the cockpit)."""
    known = {c.kind: c.label for c in collectors_for(user)}
    fact_page(
        user,
        known,
        kind="",
        severity=None,
        region="",
        by_instructor=True,
        number=1,
        fresh=True,
    )


def kept_page_obj(value) -> Page:
    """A Paginator page over a kept page: its items, numbered within the whole list (the
    pager draws from the total alone; a range holds no rows)."""
    return Page(
        value["items"], value["number"], Paginator(range(value["total"]), PER_PAGE)
    )


def ranked_page(rows, entries) -> list[Ranked]:
    """The Ranked entries of one page of `fact_ranking`, with their flags (one query)."""
    ids = [e["instructor_id"] for e in entries]
    by_id = {
        e["instructor_id"]: Ranked(e["instructor_id"], e["name"], []) for e in entries
    }
    for row in rows.filter(instructor_id__in=ids).order_by("-severity", "kind", "pk"):
        by_id[row.instructor_id].flags.append(row)
    return [by_id[i] for i in ids]
