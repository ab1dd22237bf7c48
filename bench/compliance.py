"""Monthly compliance for a whole province: the page's set-based query against plain SQL.

Run after `bench/seed_scale.py province` (which seeds a year of visits) on the same database:
  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_bench .venv/bin/python bench/compliance.py
Prints the median of 7 runs for each, their ratio, and the number of queries the service issues.
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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from liangxin.core.models import Role, User  # noqa: E402
from liangxin.fieldwork.compliance import monthly_compliance  # noqa: E402

YEAR, MONTH = 2026, 10
SQL = """
SELECT i.id, i.name,
       count(DISTINCT v.date) FILTER (WHERE v.status = 'confirmed') AS confirmed_days,
       count(DISTINCT v.date) FILTER (WHERE v.status IN ('confirmed', 'pending')) AS open_days
FROM roster_instructor i
LEFT JOIN fieldwork_visit v
       ON v.instructor_id = i.id AND v.date BETWEEN %s AND %s
WHERE i.region_id LIKE '14%%'
GROUP BY i.id, i.name
ORDER BY i.name, i.id
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
    with CaptureQueriesContext(connection) as queries:
        rows = monthly_compliance(user, YEAR, MONTH)
    orm = median_ms(lambda: monthly_compliance(user, YEAR, MONTH))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(SQL, ["2026-10-01", "2026-10-31"])
            return cursor.fetchall()

    sql = median_ms(raw)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fieldwork_visit")
        visits = cursor.fetchone()[0]
    print(
        {
            "instructors": len(rows),
            "visits": visits,
            "queries": len(queries),
            "service_ms": round(orm, 1),
            "plain_sql_ms": round(sql, 1),
            "ratio_service_to_sql": round(orm / sql, 2),
            "short": sum(1 for r in rows if r.shortfall),
        }
    )
