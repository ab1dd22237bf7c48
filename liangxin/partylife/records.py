"""Sections of 干的实 on the organization page: meetings held and the 换届 state."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.records import Row, Section, register
from liangxin.partylife.models import Election, Meeting

LIMIT = 6


@register("orgs.organization", "meetings", order=40)
def organization_meetings(user, organization):
    party = organization.party_organization
    if party is None or not user.has_perm("partylife.view_meeting"):
        return None
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(party_organization=party)
        .order_by("-date", "-id")[:LIMIT]
    )
    return Section(
        key="meetings",
        title="组织生活",
        rows=[
            Row(
                text=m.topic,
                url=m.get_absolute_url(),
                meta=f"{m.date:%Y-%m-%d}",
                badge=m.get_kind_display(),
            )
            for m in meetings
        ],
        more_url=f"{reverse('partylife:meeting_list')}?party_organization={party.pk}",
    )


@register("orgs.organization", "term", order=45)
def organization_term(user, organization):
    party = organization.party_organization
    if party is None or not user.has_perm("partylife.view_election"):
        return None
    due = party.term_due_on
    today = timezone.localdate()
    if due is None:
        summary = "未登记本届任期"
    elif due < today:
        summary = f"本届任期已于 {due:%Y-%m-%d} 届满，应及时换届"
    else:
        summary = f"本届任期 {due:%Y-%m-%d} 届满（还有 {(due - today).days} 天）"
    elections = (
        Election.objects.visible_to(user)
        .filter(party_organization=party)
        .order_by("-id")[:3]
    )
    return Section(
        key="term",
        title="任期与换届",
        summary=summary,
        rows=[
            Row(
                text=f"换届选举（届满 {e.term_due_on or '—'}）",
                url=e.get_absolute_url(),
            )
            for e in elections
        ],
        more_url=f"{reverse('partylife:election_list')}?party_organization={party.pk}",
        empty="暂无换届选举记录",
    )
