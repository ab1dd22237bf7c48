"""Coverage figures (cockpit.md): organizations in operation and how they are covered."""

from liangxin.core.figures import figure, list_url
from liangxin.orgs.models import Organization, OrgStatus

COVERAGE_ROLES = ("county_admin", "committee_staff", "auditor")


def in_operation(scope):
    """Organizations in operation (not 停业/注销) the user may see, narrowed to the scope."""
    return scope.narrow(
        Organization.objects.visible_to(scope.user).filter(status=OrgStatus.ACTIVE)
    )


def _orgs_url(scope, **params):
    return list_url(
        "orgs:organization_list", status=OrgStatus.ACTIVE, **scope.params(), **params
    )


def _all_url(scope):
    return _orgs_url(scope)


@figure(
    "coverage.instructor",
    "指导员覆盖率",
    "%",
    url=lambda s: _orgs_url(s, has_instructor="yes"),
    denominator_url=_all_url,
    denominator_label="在营组织",
    period="now",
    roles=COVERAGE_ROLES,
    description="在营组织中有在岗指导员的比例",
)
def instructor_coverage(scope):
    base = in_operation(scope)
    return base.with_instructor(True), base


@figure(
    "coverage.without_instructor",
    "未派指导员的组织",
    "个",
    url=lambda s: _orgs_url(s, has_instructor="no"),
    period="now",
    higher_is_better=False,
    roles=COVERAGE_ROLES,
    description="在营组织中没有在岗指导员的",
)
def without_instructor(scope):
    return in_operation(scope).with_instructor(False), None


@figure(
    "coverage.organization",
    "组织覆盖率",
    "%",
    url=lambda s: _orgs_url(s, coverage="party"),
    denominator_url=_all_url,
    denominator_label="在营组织",
    period="now",
    roles=COVERAGE_ROLES,
    description="（单独组建 + 联合组建）÷ 在营组织",
)
def organization_coverage(scope):
    base = in_operation(scope)
    return base.by_coverage("party"), base


@figure(
    "coverage.separate",
    "单独组建率",
    "%",
    url=lambda s: _orgs_url(s, coverage="own"),
    denominator_url=_all_url,
    denominator_label="在营组织",
    period="now",
    roles=COVERAGE_ROLES,
    description="单独组建党组织 ÷ 在营组织",
)
def separate_coverage(scope):
    base = in_operation(scope)
    return base.by_coverage("own"), base


@figure(
    "coverage.work",
    "工作覆盖率",
    "%",
    url=lambda s: _orgs_url(s, coverage="work", month=s.month_value),
    denominator_url=_all_url,
    denominator_label="在营组织",
    roles=COVERAGE_ROLES,
    description="（已建党组织 + 未建但在岗指导员当月有经确认到岗）÷ 在营组织",
)
def work_coverage(scope):
    base = in_operation(scope)
    return base.by_coverage("work", scope.first_day, scope.last_day), base


@figure(
    "alert.ready_to_found",
    "应建未建",
    "个",
    url=lambda s: _orgs_url(s, alert="ready_to_found"),
    period="now",
    higher_is_better=False,
    roles=COVERAGE_ROLES,
    description="正式党员 ≥ 3 名、尚未单独建立党组织的在营组织",
)
def ready_to_found(scope):
    return in_operation(scope).ready_to_found(), None
