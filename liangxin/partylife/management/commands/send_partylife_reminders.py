"""Remind of coming 换届: at the reminder lead (6 months), at the 请示 lead (2 months) and when
overdue. Run daily from cron; `notify` is idempotent, so a second run sends nothing new."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from liangxin.core.models import Role, User
from liangxin.core.notifications import notify
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as comp

MESSAGES = {
    comp.REMIND: ("换届提醒", "{po}本届任期将于 {due} 届满，请提前做好换届准备。"),
    comp.REQUEST: (
        "换届请示提醒",
        # sent from the day the 请示 falls due (届满前 N 个月): that day is today or past
        "{po}本届任期将于 {due} 届满，已到报送换届请示的时限（{request_by}），"
        "请尽快向上级党委报送换届请示。",
    ),
    comp.OVERDUE: (
        "逾期未换届",
        "{po}本届任期已于 {due} 届满，尚未完成换届选举，请尽快换届或报请延期。",
    ),
}


def recipients(party_orgs) -> dict[int, list]:
    """{party organization: users to notify}: posted instructors, the organizations' contacts
    and the staff of the committee above. Three queries."""
    ids = [po.pk for po in party_orgs]
    result: dict[int, list] = {pk: [] for pk in ids}
    instructors = User.objects.filter(
        is_active=True,
        instructor_profile__assignments__ended_on__isnull=True,
        instructor_profile__assignments__organization__party_organization_id__in=ids,
    ).values_list(
        "instructor_profile__assignments__organization__party_organization_id", "pk"
    )
    contacts = User.objects.filter(
        is_active=True,
        role=Role.ORG_CONTACT,
        organization__party_organization_id__in=ids,
    ).values_list("organization__party_organization_id", "pk")
    by_committee: dict[int, list[int]] = {}
    for committee_id, pk in User.objects.filter(
        is_active=True,
        role=Role.COMMITTEE_STAFF,
        committee_id__in={po.committee_id for po in party_orgs},
    ).values_list("committee_id", "pk"):
        by_committee.setdefault(committee_id, []).append(pk)
    user_ids: dict[int, set[int]] = {pk: set() for pk in ids}
    for po_id, pk in [*instructors, *contacts]:
        user_ids[po_id].add(pk)
    for po in party_orgs:
        user_ids[po.pk].update(by_committee.get(po.committee_id, []))
    users = User.objects.in_bulk({pk for s in user_ids.values() for pk in s})
    for po_id, pks in user_ids.items():
        result[po_id] = [users[pk] for pk in sorted(pks)]
    return result


class Command(BaseCommand):
    help = "发送换届提醒（提前 6 个月、报送请示时限、逾期），重复运行不会重复发送。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        party_orgs = list(
            PartyOrganization.objects.filter(
                term_started_on__isnull=False
            ).still_serving()
        )
        statuses = [
            s for s in comp.term_statuses(party_orgs, today) if s.state in MESSAGES
        ]
        people = recipients([s.party_organization for s in statuses])
        # each notice opens the terms list on its own party organization
        url = reverse("partylife:term_list")
        sent = 0
        for status in statuses:
            po = status.party_organization
            title, body = MESSAGES[status.state]
            text = body.format(
                po=po.name,
                due=f"{status.due_on:%Y-%m-%d}",
                request_by=f"{status.request_by:%Y-%m-%d}",
            )
            key = f"partylife.term.{status.state}.{po.pk}.{status.due_on:%Y%m%d}"
            for user in people[po.pk]:
                _, created = notify(
                    recipient=user,
                    title=f"{title}：{po.name}",
                    body=text,
                    url=f"{url}?party_org={po.pk}",
                    key=key,
                )
                sent += created
        self.stdout.write(f"已发送 {sent} 条换届提醒。")
