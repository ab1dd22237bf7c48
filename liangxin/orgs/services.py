"""Writes and computed figures for organizations, party organizations and coverage."""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.orgs.models import (
    CoverageMode,
    Organization,
    OrgStatus,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)

CATEGORY_FIELDS = {
    "above_scale": ("is_above_scale", "规模以上工业企业"),
    "key": ("is_key", "重点企业"),
    "entity_social": ("is_entity_social", "实体性社会组织"),
}


def _check_committee(user, committee: PartyCommittee) -> None:
    if not PartyCommittee.objects.visible_to(user).filter(pk=committee.pk).exists():
        raise ServiceError(
            "该组织由其他行业党委管理，您无权登记或修改。", field="committee"
        )


def save_organization(
    *, user, organization: Organization, expected_version: int | None = None
) -> Organization:
    """Create or update a 两新 organization inside the user's own committee and region."""
    _check_committee(user, organization.committee)
    organization.region_id = organization.committee.region_id
    po = organization.party_organization
    if po is not None and po.committee_id != organization.committee_id:
        raise ServiceError(
            "所选党组织不属于该组织的管理党委。", field="party_organization"
        )
    if organization.pk is None:
        return create_record(user=user, instance=organization)
    return update_record(
        user=user, instance=organization, expected_version=expected_version
    )


def save_party_organization(
    *, user, party_organization: PartyOrganization, expected_version: int | None = None
) -> PartyOrganization:
    _check_committee(user, party_organization.committee)
    party_organization.region_id = party_organization.committee.region_id
    if party_organization.pk is None:
        return create_record(user=user, instance=party_organization)
    return update_record(
        user=user, instance=party_organization, expected_version=expected_version
    )


@dataclass
class CoverageFigures:
    total: int
    with_instructor: int
    own: int
    joint: int
    work_covered: int

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(part * 100 / whole, 1) if whole else None

    @property
    def without_instructor(self) -> int:
        return self.total - self.with_instructor

    @property
    def instructor_rate(self):
        return self._rate(self.with_instructor, self.total)

    @property
    def organization_rate(self):
        """组织覆盖率 = (单独组建 + 联合组建) ÷ 总数 (domain-rules §4)."""
        return self._rate(self.own + self.joint, self.total)

    @property
    def own_rate(self):
        return self._rate(self.own, self.total)

    @property
    def work_rate(self):
        """工作覆盖率 = (已建党组织 + 未建但派有指导员) ÷ 总数."""
        return self._rate(self.work_covered, self.total)


COVERAGE_ROLES = ("county_admin", "committee_staff", "auditor")


def coverage_committee(user, committee_id) -> int | None:
    """Check who may see coverage and which committee they ask for.

    Raises PartyCommittee.DoesNotExist for a role without coverage or a committee outside the
    user's scope (pages and API answer 404); returns the committee id or None for all.
    """
    if not user.has_role(*COVERAGE_ROLES):
        raise PartyCommittee.DoesNotExist
    if not committee_id:
        return None
    try:
        return (
            PartyCommittee.objects.visible_to(user)
            .values_list("pk", flat=True)
            .get(pk=committee_id)
        )
    except ValueError:
        raise PartyCommittee.DoesNotExist from None


def coverage_queryset(user, *, committee_id=None, category: str | None = None):
    """Active organizations in scope, filtered by committee and category, annotated."""
    qs = (
        Organization.objects.visible_to(user)
        .filter(status=OrgStatus.ACTIVE)
        .with_coverage()
    )
    if committee_id:
        qs = qs.filter(committee_id=committee_id)
    if category in CATEGORY_FIELDS:
        qs = qs.filter(**{CATEGORY_FIELDS[category][0]: True})
    return qs


def coverage_figures(qs) -> CoverageFigures:
    """All figures in one aggregate query over an annotated organization queryset."""
    has_po = Q(coverage_mode=CoverageMode.OWN) | Q(coverage_mode=CoverageMode.JOINT)
    data = qs.order_by().aggregate(
        total=Count("pk"),
        with_instructor=Count("pk", filter=Q(has_instructor=True)),
        own=Count("pk", filter=Q(coverage_mode=CoverageMode.OWN)),
        joint=Count("pk", filter=Q(coverage_mode=CoverageMode.JOINT)),
        work_covered=Count("pk", filter=has_po | Q(has_instructor=True)),
    )
    return CoverageFigures(**data)


def coverage_by_committee(qs) -> list[dict]:
    """The same figures per committee, one grouped query."""
    has_po = Q(coverage_mode=CoverageMode.OWN) | Q(coverage_mode=CoverageMode.JOINT)
    rows = (
        qs.order_by()
        .values("committee_id", "committee__name")
        .annotate(
            total=Count("pk"),
            with_instructor=Count("pk", filter=Q(has_instructor=True)),
            own=Count("pk", filter=Q(coverage_mode=CoverageMode.OWN)),
            joint=Count("pk", filter=Q(coverage_mode=CoverageMode.JOINT)),
            work_covered=Count("pk", filter=has_po | Q(has_instructor=True)),
        )
        .order_by("committee_id")
    )
    return [
        {
            "committee_id": r["committee_id"],
            "committee": r["committee__name"],
            "figures": CoverageFigures(
                **{
                    k: r[k]
                    for k in (
                        "total",
                        "with_instructor",
                        "own",
                        "joint",
                        "work_covered",
                    )
                }
            ),
        }
        for r in rows
    ]


def coverage_alerts(user, *, committee_id=None) -> dict[str, list]:
    """The three alerts of domain-rules §4, each a bounded query."""
    orgs = Organization.objects.visible_to(user).filter(status=OrgStatus.ACTIVE)
    pos = PartyOrganization.objects.visible_to(user)
    if committee_id:
        orgs = orgs.filter(committee_id=committee_id)
        pos = pos.filter(committee_id=committee_id)
    ready = ready_to_found(orgs).select_related("committee")
    no_committee = pos.filter(
        kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.JOINT_BRANCH],
        formal_members__gte=7,
        has_branch_committee=False,
    )
    oversized = pos.annotate(
        total=F("formal_members") + F("probationary_members")
    ).filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.JOINT_BRANCH], total__gt=50)
    return {
        "ready_to_found": list(ready[:200]),
        "needs_branch_committee": list(no_committee[:200]),
        "oversized": list(oversized[:200]),
    }


def ready_to_found(orgs):
    """Organizations with ≥ 3 正式党员 and no party organization of their own (§4)."""
    return orgs.ready_to_found()
