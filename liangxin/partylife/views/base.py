"""Helpers shared by the party-life pages."""

from django.http import Http404

from liangxin.core.models.region import region_prefix
from liangxin.core.params import is_number
from liangxin.orgs.models import PartyCommittee, PartyOrganization


def _party_orgs(request):
    """Party organizations in scope, optionally of one committee (404 outside the scope), of
    a region (the cockpit's drill-down) or one party organization (`party_org`)."""
    qs = (
        PartyOrganization.objects.visible_to(request.user)
        .still_serving()
        .select_related("committee")
    )
    committee = request.GET.get("committee", "")
    if committee:
        if (
            not is_number(committee)
            or not PartyCommittee.objects.visible_to(request.user)
            .filter(pk=committee)
            .exists()
        ):
            raise Http404("记录不存在或您无权查看。")
        qs = qs.filter(committee_id=committee)
    party_org = request.GET.get("party_org", "")
    if party_org:  # one party organization (a reminder's link); none if not visible
        qs = qs.filter(pk=party_org) if is_number(party_org) else qs.none()
    region = request.GET.get("region", "")
    if region:  # drill-down from the cockpit: the region and below
        if not (len(region) == 6 and region.isdigit()):
            return qs.none(), committee
        qs = qs.filter(region__code__startswith=region_prefix(region))
    return qs.order_by("name", "pk"), committee
