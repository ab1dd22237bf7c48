"""Helpers shared by the assessment services."""

from liangxin.assessment.models import Round
from liangxin.core.models import Role
from liangxin.core.services import ServiceError, lock_for_update

SCORERS = (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF)


def _require(user, *roles):
    if not user.has_role(*roles):
        raise ServiceError("您没有执行该操作的权限。")


def _locked_for_update(rnd: Round) -> Round:
    return lock_for_update(rnd)
