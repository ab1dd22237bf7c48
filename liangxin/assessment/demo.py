"""Demo assessment of 保德县: the 2025 round published, the 2026 round in scoring, allowances."""

import datetime
from decimal import Decimal

from liangxin.assessment.models import (
    AllowancePolicy,
    IndicatorKind,
    Result,
    Score,
    VetoItem,
)
from liangxin.assessment.services import payouts
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scheme_setup as setup_services
from liangxin.assessment.services import scores as score_services
from liangxin.core.models import Role, User

REMARKS = [
    "日常考核记录完整，表现良好。",
    "组织评价较好，群众反映积极。",
    "述职评议结果良好。",
    "工作扎实，按要求完成各项任务。",
    "个别方面有待加强，已当面反馈。",
]


def _manual_scores(rnd, user, rng, share=1.0):
    """Manual scores as the raters would enter them (most near full marks, a few lower)."""
    items = list(rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL))
    ids = sorted(rnd.results.values_list("instructor_id", flat=True))
    rows = []
    for pk in ids:
        strong = rng.random() < 0.5
        for item in items:
            if rng.random() > share:
                continue
            low = Decimal("0.85") if strong else Decimal("0.6")
            ratio = low + (Decimal(1) - low) * Decimal(rng.randint(0, 100)) / 100
            rows.append(
                Score(
                    round=rnd,
                    instructor_id=pk,
                    indicator=item,
                    points=(item.max_points * ratio).quantize(Decimal("0.5")),
                    justification=rng.choice(REMARKS),
                    scored_by=user,
                )
            )
    Score.objects.bulk_create(rows, batch_size=2000)


def build_demo(*, builder, region):
    TODAY = builder.today
    rng = builder.rng
    county = User.objects.filter(role=Role.COUNTY_ADMIN, region=region).first()
    second = User.objects.filter(is_superuser=True).first() or county
    scheme_2025 = setup_services.seed_default_scheme(
        user=county, region=region, year=2025
    )
    published = round_services.create_round(
        user=county,
        scheme=scheme_2025,
        name="2025年度指导员考核",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        appeal_days=15,
    )
    round_services.start_scoring(user=county, rnd=published)
    _manual_scores(published, county, rng)
    # the system went live in December 2025: the months before were kept in paper ledgers,
    # which the county entered as re-scores with a written reason (old values kept)
    for score in (
        Score.objects.filter(round=published, indicator__kind=IndicatorKind.COMPUTED)
        .select_related("indicator")
        .order_by("instructor_id", "indicator_id")
    ):
        top = score.indicator.max_points
        points = max(Decimal(0), top - Decimal(rng.choice([0, 0, 0, 1, 1, 2, 3, 4])))
        score_services.rescore(
            user=county,
            score=score,
            points=points,
            reason="系统上线前（2025年1—11月）按纸质台账补录。",
        )
    round_services.submit_for_review(user=county, rnd=published)
    published = round_services.publish_round(user=county, rnd=published)

    scheme_2026 = setup_services.seed_default_scheme(
        user=county, region=region, year=TODAY.year
    )
    current = round_services.create_round(
        user=county,
        scheme=scheme_2026,
        name=f"{TODAY.year}年度指导员考核",
        period_start=datetime.date(TODAY.year, 1, 1),
        period_end=datetime.date(TODAY.year, 12, 31),
    )
    round_services.start_scoring(user=county, rnd=current)
    _manual_scores(current, county, rng, share=0.6)
    weakest = (
        Result.objects.filter(round=published)
        .order_by("total", "instructor_id")
        .select_related("instructor")
        .first()
    )
    if weakest is not None:
        score_services.record_veto(
            user=county,
            rnd=current,
            instructor=weakest.instructor,
            item=VetoItem.objects.get(scheme=scheme_2026),
            note="群众来信反映接受企业宴请一次，经调查属实。",
        )

    policy = AllowancePolicy.objects.create(
        region=region,
        year=TODAY.year,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("200.00"),
    )
    sheet = payouts.create_sheet(
        user=county,
        policy=policy,
        title=f"{TODAY.year}年上半年补贴",
        period_start=datetime.date(TODAY.year, 1, 1),
        period_end=datetime.date(TODAY.year, 6, 30),
        rnd=published,
    )
    payouts.check_sheet(user=county, sheet=sheet)
    payouts.approve_sheet(user=second, sheet=sheet)
    payouts.mark_paid(user=county, sheet=sheet)
    payouts.create_sheet(
        user=county,
        policy=policy,
        title=f"{TODAY.year}年第三季度补贴",
        period_start=datetime.date(TODAY.year, 7, 1),
        period_end=datetime.date(TODAY.year, 9, 30),
        rnd=published,
    )
    builder.counts["assessment_scores"] = Score.objects.filter(
        round__region=region
    ).count()
