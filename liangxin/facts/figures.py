"""三会一课落实率 (cockpit.md "组织生活落实率"), read from the party-organization periods the
facts keep: of the periods of this year that have ended, those in which the meetings held
reached the meetings due."""

from django.db.models import F
from django.utils import timezone

from liangxin.core.figures import MANAGER_ROLES, figure, list_url
from liangxin.core.models.region import region_prefix
from liangxin.facts.models import PartyOrgPeriod
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import MeetingKind

THREE_MEETINGS_ONE_LECTURE = (
    MeetingKind.MEMBERS,
    MeetingKind.COMMITTEE,
    MeetingKind.GROUP,
    MeetingKind.LECTURE,
)


def ended_periods(user, *, region=None, committee_id=None, today=None):
    """The 三会一课 periods of this year that have ended, for party organizations the user may
    see (narrowed to a region and a committee)."""
    today = today or timezone.localdate()
    party_orgs = PartyOrganization.objects.visible_to(user).still_serving()
    if committee_id:
        party_orgs = party_orgs.filter(committee_id=committee_id)
    periods = PartyOrgPeriod.objects.filter(
        party_organization__in=party_orgs.values("pk"),
        kind__in=THREE_MEETINGS_ONE_LECTURE,
        year=today.year,
        period_end__lt=today,
        due__gt=0,
    )
    if region:
        periods = periods.filter(region__code__startswith=region_prefix(region))
    return periods


def _url(scope, **params):
    return list_url("facts:period_list", **scope.params(), **params)


@figure(
    "partylife.compliance",
    "三会一课落实率",
    "%",
    url=lambda s: _url(s, met="1"),
    denominator_url=_url,
    denominator_label="应开会议周期",
    period="now",
    roles=MANAGER_ROLES,
    description="本年已结束的三会一课周期中，实际召开次数达到应开次数的比例（统计数据每晚更新）",
)
def compliance(scope):
    periods = ended_periods(
        scope.user, region=scope.region, committee_id=scope.committee_id
    )
    return periods.filter(held__gte=F("due")), periods
