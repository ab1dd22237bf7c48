"""Helpers shared by the party-life pages."""

from django.http import Http404

from liangxin.orgs.models import PartyCommittee, PartyOrganization


def _party_orgs(request):
    """Party organizations in scope, optionally of one committee (404 outside the scope)."""
    qs = PartyOrganization.objects.visible_to(request.user).select_related("committee")
    committee = request.GET.get("committee", "")
    if committee:
        if (
            not committee.isdigit()
            or not PartyCommittee.objects.visible_to(request.user)
            .filter(pk=committee)
            .exists()
        ):
            raise Http404("记录不存在或您无权查看。")
        qs = qs.filter(committee_id=committee)
    return qs.order_by("name", "pk"), committee
