"""Median time of the coverage figures (one aggregate query) for a whole province.

Run after `bench/seed_scale.py province` against the same DATABASE_URL:
  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_bench .venv/bin/python bench/coverage.py
Compares the ORM path the page uses with the same aggregate written in plain SQL.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from liangxin.core.models import Role, User  # noqa: E402
from liangxin.coverage import services  # noqa: E402

SQL = """
SELECT count(*),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM roster_assignment a
                                      WHERE a.organization_id = o.id AND a.ended_on IS NULL)),
       count(*) FILTER (WHERE p.kind IS NOT NULL AND p.kind <> 'joint_branch'),
       count(*) FILTER (WHERE p.kind = 'joint_branch')
FROM orgs_organization o LEFT JOIN orgs_partyorganization p ON p.id = o.party_organization_id
WHERE o.region_id LIKE '14%%' AND o.status = 'active'
"""


def median_ms(fn, runs=7):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    user = User(username="bench", role=Role.COUNTY_ADMIN, region_id="140000")
    orm = median_ms(lambda: services.coverage_figures(services.coverage_queryset(user)))
    by_committee = median_ms(
        lambda: services.coverage_by_committee(services.coverage_queryset(user))
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(SQL)
            return cursor.fetchone()

    sql = median_ms(raw) if connection.vendor == "postgresql" else None
    print(
        {
            "orm_ms": round(orm, 1),
            "by_committee_ms": round(by_committee, 1),
            "plain_sql_ms": round(sql, 1) if sql else None,
            "ratio_orm_to_sql": round(orm / sql, 2) if sql else None,
            "organizations": services.coverage_figures(
                services.coverage_queryset(user)
            ).total,
        }
    )
