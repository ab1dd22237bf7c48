"""Helpers shared by the party-life services: who may write for a party organization, and
the rule set in force."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from liangxin.core.services import ServiceError
from liangxin.orgs.models import Organization, PartyOrganization
from liangxin.partylife.models import RuleSet

WRITER_ROLES = ("instructor", "org_contact")
APPROVER_ROLES = ("county_admin", "committee_staff")


def can_write_for(user, party_organization: PartyOrganization) -> bool:
    if not user.is_authenticated or not user.has_role(*WRITER_ROLES):
        return False
    if user.is_superuser:
        return True
    if user.role == "org_contact":
        return Organization.objects.filter(
            pk=user.organization_id, party_organization_id=party_organization.pk
        ).exists()
    return (
        PartyOrganization.objects.visible_to(user)
        .filter(pk=party_organization.pk)
        .exists()
    )


def _check_writer(user, party_organization: PartyOrganization) -> None:
    if not can_write_for(user, party_organization):
        raise ServiceError(
            "只有本组织党建联络员或派驻的指导员可以登记该党组织的记录。",
            field="party_organization",
        )


def _check_date(date, field="date"):
    if date is None:
        raise ServiceError("请填写日期。", field=field)
    if date > timezone.localdate():
        raise ServiceError("日期不能晚于今天。", field=field)


def _wrap(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        messages = exc.messages
        raise ServiceError(messages[0] if messages else "数据有误。") from exc


def ruleset_for(region_code: str, on: datetime.date) -> RuleSet:
    ruleset = RuleSet.for_region(region_code, on)
    if ruleset is None:
        raise ServiceError("本地区尚未设定组织生活规则，请联系县级管理员。")
    return ruleset
