"""换届 figures (cockpit.md): party organizations past their term with no new term."""

import datetime

from django.db.models import Q
from django.utils import timezone

from liangxin.core.dates import add_years
from liangxin.core.figures import MANAGER_ROLES, figure, list_url, memoized
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as comp


def _party_orgs(scope):
    return scope.narrow(
        PartyOrganization.objects.visible_to(scope.user).still_serving()
    )


@figure(
    "partylife.term_overdue",
    "换届逾期",
    "个",
    url=lambda s: list_url("partylife:term_list", state=comp.OVERDUE, **s.params()),
    period="now",
    higher_is_better=False,
    roles=MANAGER_ROLES,
    description="任期届满（含批准延期）仍未换届的党组织",
)
def term_overdue(scope):
    def compute():
        # Only terms whose base end is past can be overdue (an extension only delays it):
        # narrow in the database first, then decide exactly with the extensions.
        today = timezone.localdate()
        ended = Q()
        for years in range(1, 6):  # term_years is 1–5
            latest = add_years(today, -years) + datetime.timedelta(days=1)
            ended |= Q(term_years=years, term_started_on__lte=latest)
        return comp.overdue_terms(_party_orgs(scope).filter(ended), today)

    key = ("partylife.term_overdue", scope.user.pk, scope.region, scope.committee_id)
    ids = memoized(key, compute)
    return _party_orgs(scope).filter(pk__in=ids), None
