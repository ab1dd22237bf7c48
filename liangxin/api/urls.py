from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from liangxin.api.tokens import TokenView
from liangxin.assessment import api as assessment_api
from liangxin.duties import api as duties_api
from liangxin.fieldwork import api as fieldwork_api
from liangxin.handbook import api as handbook_api
from liangxin.inspections import api as inspections_api
from liangxin.orgs import api as orgs_api
from liangxin.partylife import api as partylife_api
from liangxin.roster import api as roster_api


class Router(DefaultRouter):
    """Record ids in API paths are positive integers that fit the database: anything else
    (`abc`, 20 digits) is a 404 before a view or the database sees it."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or field
        value = getattr(viewset, "lookup_value_regex", "[0-9]{1,18}")
        return f"(?P<{lookup_prefix}{kwarg}>{value})"


router = Router()
router.register("organizations", orgs_api.OrganizationViewSet, basename="organization")
router.register(
    "party-organizations",
    orgs_api.PartyOrganizationViewSet,
    basename="party-organization",
)
router.register("committees", orgs_api.PartyCommitteeViewSet, basename="committee")
router.register("units", roster_api.DispatchingUnitViewSet, basename="unit")
router.register("instructors", roster_api.InstructorViewSet, basename="instructor")
router.register("assignments", roster_api.AssignmentViewSet, basename="assignment")
router.register("visits", fieldwork_api.VisitViewSet, basename="visit")
router.register(
    "handbook-entries", handbook_api.HandbookEntryViewSet, basename="handbook-entry"
)
router.register("problems", handbook_api.ProblemViewSet, basename="problem")
router.register("work-plans", handbook_api.WorkPlanViewSet, basename="work-plan")
router.register(
    "assessment-schemes", assessment_api.SchemeViewSet, basename="assessment-scheme"
)
router.register(
    "assessment-rounds", assessment_api.RoundViewSet, basename="assessment-round"
)
router.register(
    "assessment-results", assessment_api.ResultViewSet, basename="assessment-result"
)
router.register("payouts", assessment_api.PayoutViewSet, basename="payout")
router.register("inspections", inspections_api.InspectionViewSet, basename="inspection")
router.register(
    "matter-requests", duties_api.MatterRequestViewSet, basename="matter-request"
)
router.register("reports", duties_api.RegularReportViewSet, basename="report")
router.register("trainings", duties_api.TrainingViewSet, basename="training")
router.register(
    "year-end-reviews", duties_api.YearEndReviewViewSet, basename="year-end-review"
)
router.register("notices", duties_api.NoticeViewSet, basename="notice")

router.register("meetings", partylife_api.MeetingViewSet, basename="meeting")
router.register("elections", partylife_api.ElectionViewSet, basename="election")
router.register("candidates", partylife_api.CandidateViewSet, basename="candidate")
router.register(
    "service-activities",
    partylife_api.ServiceActivityViewSet,
    basename="service-activity",
)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("coverage/", partylife_api.coverage, name="api-coverage"),
    path(
        "compliance/monthly/",
        fieldwork_api.monthly_compliance,
        name="api-compliance-monthly",
    ),
    path("", include(router.urls)),
]
