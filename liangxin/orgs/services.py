"""Writes for organizations and party organizations (coverage: liangxin.coverage)."""

from django.utils import timezone

from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.orgs.models import (
    Organization,
    PartyCommittee,
    PartyOrganization,
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
    founded = party_organization.founded_on
    if founded is not None and founded > timezone.localdate():
        # coverage counts an organization from its party organization's founding month
        raise ServiceError("成立日期不能晚于今天。", field="founded_on")
    party_organization.region_id = party_organization.committee.region_id
    if party_organization.pk is None:
        return create_record(user=user, instance=party_organization)
    return update_record(
        user=user, instance=party_organization, expected_version=expected_version
    )
