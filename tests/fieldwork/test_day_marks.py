"""Issue 10, item 11: weekend and holiday visits count and are marked (domain-rules §0) — on the
visit list, the visit page, the API (`is_workday`, `day_kind`) and the export, not only on the
compliance grid."""

import datetime
import io

from openpyxl import load_workbook

from liangxin.fieldwork.models import VisitStatus

NATIONAL_DAY = datetime.date(2026, 10, 1)  # 国庆节
SATURDAY = datetime.date(2026, 10, 17)
MONDAY = datetime.date(2026, 10, 19)


def _visits(world, make_visit):
    return [
        make_visit(world.asg_a, day, VisitStatus.CONFIRMED)
        for day in (NATIONAL_DAY, SATURDAY, MONDAY)
    ]


def test_the_visit_list_and_its_export_mark_weekends_and_holidays(
    world, login, make_visit
):
    _visits(world, make_visit)
    client = login(world.users.nonpublic)
    page = client.get("/fieldwork/visits/").content.decode()
    assert "节假日（国庆节）" in page and "周末" in page and "工作日" in page
    response = client.get("/fieldwork/visits/?export=xlsx")
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.values)
    marks = {r[1] for r in rows if r and isinstance(r[0], datetime.datetime)}
    assert {"节假日（国庆节）", "周末", "工作日"} <= marks


def test_the_visit_page_marks_a_holiday(world, login, make_visit):
    visit = _visits(world, make_visit)[0]
    page = login(world.users.nonpublic).get(visit.get_absolute_url()).content.decode()
    assert "节假日（国庆节）" in page


def test_the_api_gives_is_workday_and_day_kind(world, api, make_visit):
    _visits(world, make_visit)
    rows = api(world.users.nonpublic).get("/api/visits/").json()["results"]
    kinds = {r["date"]: (r["is_workday"], r["day_kind"]) for r in rows}
    assert kinds == {
        "2026-10-01": (False, "holiday"),
        "2026-10-17": (False, "weekend"),
        "2026-10-19": (True, "workday"),
    }
