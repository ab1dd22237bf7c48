"""A year of visits of the demo county (a mixin of DemoBuilder)."""

import calendar
import datetime
import decimal
from zoneinfo import ZoneInfo

from django.db import reset_queries

from liangxin.demo.names import TODAY
from liangxin.roster.models import Assignment

BATCH = 2000  # visits per INSERT


class VisitsMixin:
    """A year of visits (DemoBuilder inherits it; uses `self.rng` and `self.counts`)."""

    def build_visits(self, region, assignments, *, contacts: dict):
        """Twelve months of visits: most instructors 5–8 days a month across their
        organizations, a few short in some months; recent ones unconfirmed, a few disputed,
        a few checked in far from the organization (marked for review)."""
        from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
        from liangxin.fieldwork.services import haversine_m

        rng = self.rng
        shanghai = ZoneInfo("Asia/Shanghai")
        by_instructor: dict[int, list[Assignment]] = {}
        for a in assignments:
            by_instructor.setdefault(a.instructor_id, []).append(a)
        activities = list(Activity.values)
        visits = []
        written = 0

        def flush():
            # a county of a province has ~8,000 visits: written in batches, never all held
            nonlocal written
            Visit.objects.bulk_create(visits, batch_size=BATCH)
            written += len(visits)
            visits.clear()
            reset_queries()  # DEBUG keeps each INSERT's SQL text otherwise

        for index, (_, posts) in enumerate(sorted(by_instructor.items())):
            weak = index % 9 == 4  # about two in a county fall short now and then
            for months_back in range(11, -1, -1):
                year, month = TODAY.year, TODAY.month - months_back
                while month < 1:
                    year, month = year - 1, month + 12
                last = (
                    TODAY.day
                    if (year, month) == (TODAY.year, TODAY.month)
                    else calendar.monthrange(year, month)[1]
                )
                days = [datetime.date(year, month, d) for d in range(1, last + 1)]
                workdays = [d for d in days if d.weekday() < 5] or days
                target = (
                    rng.randint(2, 4)
                    if weak and rng.random() < 0.4
                    else rng.randint(5, 8)
                )
                if (year, month) == (TODAY.year, TODAY.month):
                    target = max(1, target * last // 30)
                chosen = sorted(set(rng.sample(workdays, min(target, len(workdays)))))
                if rng.random() < 0.3:  # a weekend visit now and then
                    chosen = sorted(set(chosen) | {rng.choice(days)})
                for date in chosen:
                    for post in rng.sample(
                        posts, 2 if len(posts) > 1 and rng.random() < 0.2 else 1
                    ):
                        if post.started_on > date:
                            continue
                        visits.append(
                            self._visit(
                                region,
                                post,
                                date,
                                rng,
                                shanghai,
                                activities,
                                contacts,
                                Visit,
                                VisitStatus,
                                RecordedVia,
                                haversine_m,
                            )
                        )
                        if len(visits) >= BATCH:
                            flush()
        flush()
        self.counts["visits"] = self.counts.get("visits", 0) + written

    @staticmethod
    def _summary(rng, org_name):
        return rng.choice(
            [
                f"到{org_name}了解党员思想动态，与企业负责人座谈。",
                "指导支部规范“三会一课”记录，检查党员活动室建设。",
                "参加主题党日活动，宣讲最新政策。",
                "走访职工，收集生产生活中的困难和诉求。",
                "帮助梳理入党积极分子培养计划。",
                "调研企业用工和安全生产情况。",
            ]
        )

    def _visit(
        self,
        region,
        post,
        date,
        rng,
        tz,
        activities,
        contacts,
        Visit,
        VisitStatus,
        RecordedVia,
        haversine_m,
    ):
        org = post.organization
        recorded = datetime.datetime(
            date.year,
            date.month,
            date.day,
            rng.randint(8, 16),
            rng.randint(0, 59),
            tzinfo=tz,
        )
        late = rng.random() < 0.12
        if late:
            recorded += datetime.timedelta(days=rng.randint(1, 3))
        far = rng.random() < 0.03
        offset = rng.uniform(0.008, 0.02) if far else rng.uniform(-0.0006, 0.0006)
        lat = (
            org.latitude + decimal.Decimal(f"{offset:.6f}")
            if org.latitude is not None
            else None
        )
        lon = (
            org.longitude + decimal.Decimal(f"{rng.uniform(-0.0006, 0.0006):.6f}")
            if org.longitude is not None
            else None
        )
        distance = (
            round(haversine_m(lat, lon, org.latitude, org.longitude))
            if lat is not None and lon is not None
            else None
        )
        age = (TODAY - date).days
        roll = rng.random()
        # the last days wait for the contact; a few forgotten ones linger, within the month
        # (a year-old visit never confirmed is no county's real state)
        if age <= 4 or (roll < 0.01 and age <= 30):
            status = VisitStatus.PENDING
        elif roll < 0.03:
            status = VisitStatus.DISPUTED
        else:
            status = VisitStatus.CONFIRMED
        contact = contacts.get(org.pk)
        decided = status in (VisitStatus.CONFIRMED, VisitStatus.DISPUTED)
        return Visit(
            region=region,
            instructor_id=post.instructor_id,
            organization=org,
            assignment=post,
            date=date,
            activities=rng.sample(activities[:5], rng.randint(1, 3)),
            summary=self._summary(rng, org.name),
            recorded_via=RecordedVia.LATE_ENTRY if late else RecordedVia.ON_SITE,
            recorded_at=recorded,
            device="演示数据",
            latitude=None if late else lat,
            longitude=None if late else lon,
            accuracy=None if late else rng.randint(5, 60),
            distance_m=None if late else distance,
            needs_review=bool(far and not late),
            status=status,
            confirmed_by=contact if decided else None,
            confirmed_at=recorded + datetime.timedelta(days=rng.randint(0, 3))
            if decided
            else None,
            dispute_reason="当天未见到指导员到企业。"
            if status == VisitStatus.DISPUTED
            else "",
        )
