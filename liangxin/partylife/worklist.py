"""Worklist flags of 干的实: meetings missing or still to hold before the period ends, terms due
or overdue, 发展党员 deadlines passed or near. Scoped with visible_to; a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.memo import memoized
from liangxin.core.worklist import Flag, register
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Candidate, CandidateStatus, MeetingKind

ROLES = ("county_admin", "committee_staff", "instructor")
SOON_DAYS = 10  # an open period ending within this many days is flagged before it ends


def _party_orgs(user):
    """The party organizations the three collectors look at (read once per page). All of
    them: the facts layer computes a county's flags once per write, not per view, and a
    county of more than a few hundred branches must not lose the rest (the cockpit counts
    every one)."""
    return memoized(
        ("worklist-party-orgs", user.pk),
        lambda: list(
            PartyOrganization.objects.visible_to(user).still_serving().order_by("name")
        ),
    )


def _who(instructors, po_id):
    pk, name = instructors.get(po_id, (None, ""))
    return {"instructor_id": pk, "instructor_name": name}


@register("partylife.missing_meeting", "组织生活未按期开展", roles=ROLES)
def missing_meetings(user):
    today = timezone.localdate()
    party_orgs = _party_orgs(user)
    instructors = comp.party_org_instructors([po.pk for po in party_orgs])
    labels = dict(MeetingKind.choices)
    url = reverse("partylife:calendar")
    for row in comp.compliance(party_orgs, today.year, today):
        missing, soon = [], []
        for result in row.results.values():
            for o in result.obligations:
                state = comp.state_of(o, today)
                if state == comp.MISSING:
                    missing.append(f"{o.period.label}{labels[result.kind]}")
                elif state == comp.OPEN and (o.period.end - today).days <= SOON_DAYS:
                    soon.append(f"{labels[result.kind]}（{o.period.end:%m-%d}前）")
        po = row.party_organization
        if missing:
            yield Flag(
                kind="partylife.missing_meeting",
                label="组织生活未按期开展",
                detail=f"{po.name}：缺开 {len(missing)} 次，如 "
                + "、".join(missing[-3:]),
                url=url,
                severity=3,
                subject=f"party_org:{po.pk}:missing",
                party_organization_id=po.pk,
                **_who(instructors, po.pk),
            )
        if soon:
            yield Flag(
                kind="partylife.missing_meeting",
                label="组织生活未按期开展",
                detail=f"{po.name}：本期尚未召开 " + "、".join(soon),
                url=url,
                severity=2,
                subject=f"party_org:{po.pk}:soon",
                party_organization_id=po.pk,
                **_who(instructors, po.pk),
            )


@register("partylife.term", "换届到期或逾期", roles=ROLES)
def terms_due(user):
    today = timezone.localdate()
    party_orgs = _party_orgs(user)
    instructors = comp.party_org_instructors([po.pk for po in party_orgs])
    severity = {comp.OVERDUE: 3, comp.REQUEST: 2, comp.REMIND: 1}
    for status in comp.term_statuses(party_orgs, today):
        if status.state not in severity:
            continue
        po = status.party_organization
        yield Flag(
            kind="partylife.term",
            label="换届到期或逾期",
            detail=f"{po.name}：{status.label}，届满日期 {status.due_on:%Y-%m-%d}",
            url=reverse("partylife:term_list"),
            severity=severity[status.state],
            subject=f"party_org:{po.pk}",
            party_organization_id=po.pk,
            **_who(instructors, po.pk),
        )


@register("partylife.pipeline", "发展党员时限", roles=ROLES)
def pipeline_deadlines(user):
    today = timezone.localdate()
    candidates = list(
        Candidate.objects.visible_to(user)
        .filter(status=CandidateStatus.ACTIVE)
        .select_related("party_organization")
    )
    instructors = comp.party_org_instructors(
        {c.party_organization_id for c in candidates}
    )
    plans = comp.candidate_plans(candidates, today)
    for c in candidates:
        view = next((v for v in plans[c.pk][1] if v.is_next), None)
        if view is None or not view.warnings:
            continue
        late = view.latest is not None and today > view.latest
        yield Flag(
            kind="partylife.pipeline",
            label="发展党员时限",
            detail=f"{c.name}（{c.party_organization.name}）第 {view.rule.number} 步"
            f"“{view.rule.name}”：" + "；".join(view.warnings),
            url=c.get_absolute_url(),
            severity=3 if late else 2,
            subject=f"candidate:{c.pk}",
            party_organization_id=c.party_organization_id,
            **_who(instructors, c.party_organization_id),
        )
