"""Drill-down levels: province → city → county → committee, each the same page, filtered."""

from dataclasses import dataclass

from django.http import Http404

from liangxin.core.figures import Scope
from liangxin.core.models import Region
from liangxin.core.models.region import region_prefix
from liangxin.orgs.models import PartyCommittee

LEVEL_NAMES = {"province": "省", "city": "市", "county": "县", "committee": "党委"}


def level_of(code: str | None) -> str:
    if not code or code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


@dataclass
class Crumb:
    label: str
    params: dict


@dataclass
class Level:
    scope: Scope
    kind: str  # province / city / county / committee
    region: Region | None
    committee: PartyCommittee | None
    crumbs: list[Crumb]
    city: Region | None = None  # the prefecture of a city, county or committee level

    @property
    def title(self) -> str:
        if self.committee:
            return self.committee.name
        return self.region.name if self.region else "全省"


def resolve(scope: Scope) -> Level:
    """Check the requested region/committee lies inside the user's scope (else 404) and build
    the breadcrumb from the user's own top level down to it."""
    user = scope.user
    top = user.region_id if not user.is_superuser else None
    code = scope.region or top
    if top and code and not code.startswith(region_prefix(top)):
        raise Http404("记录不存在或您无权查看。")
    committee = None
    if scope.committee_id:
        committee = (
            PartyCommittee.objects.visible_to(user)
            .select_related("region")
            .filter(pk=scope.committee_id)
            .first()
        )
        if committee is None:
            raise Http404("记录不存在或您无权查看。")
        code = committee.region_id
    elif user.role == "committee_staff" and user.committee_id:
        committee = PartyCommittee.objects.select_related("region").get(
            pk=user.committee_id
        )
        code = committee.region_id
    chain = _chain(code, top)
    city_code = code[:4] + "00" if code else None  # its map outline
    regions = {
        r.code: r
        for r in Region.objects.filter(
            code__in=[*chain, *([city_code] if city_code else [])]
        )
    }
    crumbs = [] if top else [Crumb("全省", {})]
    for c in chain:
        if c in regions:
            crumbs.append(Crumb(regions[c].name, {"region": c}))
    if committee is not None:
        crumbs.append(Crumb(committee.name, {"committee": committee.pk}))
    scope = Scope(
        user=user,
        year=scope.year,
        month=scope.month,
        region=code,
        committee_id=committee.pk if committee else None,
    )
    return Level(
        scope=scope,
        kind="committee" if committee else level_of(code),
        region=regions.get(code) if code else None,
        committee=committee,
        crumbs=crumbs,
        city=regions.get(city_code) if city_code else None,
    )


def _chain(code: str | None, top: str | None) -> list[str]:
    """Region codes from the user's top level down to `code`."""
    if not code:
        return []
    chain = list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code]))
    if top:
        chain = chain[chain.index(top) :] if top in chain else [code]
    return chain
