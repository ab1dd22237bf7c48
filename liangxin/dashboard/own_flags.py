"""An instructor's own worklist, read from their county's flag rows (facts layer) instead of
running every collector for them: the rows the county's collectors computed about the
instructor, and those about the party organizations they serve (a 联合支部's flag may name
another instructor posted there, as the live list does). Three facts keep it equal to the
live list (a test compares both for every demo instructor and on random data):

- every collector computes an instructor's flag from that instructor's records alone, so the
  county's flag about them says what their own would; the party-life flags, per party
  organization, likewise;
- two collectors run live for them: the county's rectification flag counts 暗访 items, which
  an instructor never sees; a visit turns 久未确认 at the hour it was recorded, days later, so
  rows reconciled in the morning would miss it until the next write (two queries);
- an instructor posted, now or once, across a county line, or serving a party organization
  of another county, has records in two counties' rows: their list runs live.
"""

from django.db.models import Exists, OuterRef, Q

from liangxin.core import summaries
from liangxin.core.models import Role
from liangxin.core.worklist import Flag, collectors_for, flags_for
from liangxin.facts import on_write
from liangxin.facts.models import FlagRow
from liangxin.orgs.models import PartyOrganization
from liangxin.roster.models import Assignment, Instructor

PARTY_LIFE = ("partylife.missing_meeting", "partylife.term", "partylife.pipeline")
#: kinds an instructor reads from the county's rows: each computed from that instructor's
#: own records (or per party organization) and due at midnight. Any other kind runs live for
#: them, a new collector's included, until it is shown to belong here: the rectifications
#: (the county's count 暗访 items) and the unconfirmed visits (due at an hour of the day).
FROM_ROWS = (
    "duties.report_overdue",
    "duties.request_awaiting_reply",
    "duties.training_at_risk",
    "fieldwork.under_minimum",
    "handbook.problem_overdue",
    "handbook.stale",
    *PARTY_LIFE,
)


def own_county(user) -> tuple[int, str] | None:
    """(instructor id, county) when the county's rows hold the instructor's whole list; None
    when they are not an instructor or something of theirs lies in another county (one query)."""
    if user.role != Role.INSTRUCTOR:
        return None
    posted_elsewhere = Assignment.objects.filter(instructor=OuterRef("pk")).exclude(
        region_id=OuterRef("region_id")
    )
    serves_elsewhere = (
        PartyOrganization.objects.visible_to(user)
        .order_by()
        .exclude(region_id=OuterRef("region_id"))
    )
    found = (
        Instructor.objects.filter(user=user)
        .annotate(
            posted_elsewhere=Exists(posted_elsewhere),
            serves_elsewhere=Exists(serves_elsewhere),
        )
        .values_list("pk", "region_id", "posted_elsewhere", "serves_elsewhere")
        .first()
    )
    if found is None or any(found[2:]) or summaries.is_wide(found[1]):
        return None
    return found[0], found[1]


def own_flags(user) -> list[Flag] | None:
    """The instructor's flags from the rows while they are current (on_write.is_current),
    sorted as `flags_for` sorts them; None when the list must run live."""
    found = own_county(user)
    if found is None or not on_write.is_current(found[1]):
        return None
    instructor_id, county = found
    kinds = {c.kind for c in collectors_for(user)}
    party_life = [k for k in PARTY_LIFE if k in kinds]
    rows = (
        FlagRow.objects.open()
        .filter(region_id=county, kind__in=kinds & set(FROM_ROWS))
        .filter(
            (Q(instructor_id=instructor_id) & ~Q(kind__in=party_life))
            | Q(
                kind__in=party_life,
                party_organization_id__in=PartyOrganization.objects.visible_to(
                    user
                ).values("pk"),
            )
            # a party-life row reconciled by code older than facts/0006 names no party
            # organization: read in the same query, it sends the list live
            | Q(kind__in=party_life, party_organization_id__isnull=True)
        )
    )
    flags = [as_flag(row) for row in rows]
    if any(f.kind in party_life and f.party_organization_id is None for f in flags):
        return None
    flags += flags_for(user, kinds=kinds - set(FROM_ROWS))
    return sorted(flags, key=lambda f: (-f.severity, f.instructor_name, f.kind))


def as_flag(row: FlagRow) -> Flag:
    return Flag(
        kind=row.kind,
        label=row.label,
        detail=row.detail,
        url=row.url,
        instructor_id=row.instructor_id,
        instructor_name=row.instructor_name,
        organization_id=row.organization_id,
        severity=row.severity,
        subject=row.subject,
        party_organization_id=row.party_organization_id,
    )
