"""Visit list, detail, check-in page and API reads: roles and scope."""

import io

import pytest
from openpyxl import load_workbook

from liangxin.fieldwork.models import Visit, VisitStatus
from tests.fieldwork.conftest import days_ago


@pytest.fixture
def visits(world, make_visit):
    return {
        "a": make_visit(world.asg_a, days_ago(1), VisitStatus.CONFIRMED),
        "b": make_visit(world.asg_b, days_ago(2)),
    }


@pytest.mark.parametrize(
    "url",
    [
        "/fieldwork/visits/",
        "/fieldwork/visits/checkin/",
        "/fieldwork/compliance/",
        "/fieldwork/visits/{pk}/",
    ],
)
def test_anonymous_visitors_go_to_the_login_page(world, client, visits, url):
    response = client.get(url.format(pk=visits["a"].pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_anonymous_post_stores_nothing(world, client, visits):
    client.post(f"/fieldwork/visits/{visits['a'].pk}/dispute/", {"reason": "x"})
    client.post("/fieldwork/visits/checkin/", {"organization": world.org_a.pk})
    assert Visit.objects.count() == 2
    assert Visit.objects.get(pk=visits["a"].pk).status == VisitStatus.CONFIRMED


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county", {"a", "b"}),
        ("auditor", {"a", "b"}),
        ("far_county", set()),
        ("nonpublic", {"a"}),
        ("social", {"b"}),
        ("instructor", {"a"}),
        ("contact", {"a"}),
        ("unit", {"a"}),
    ],
)
def test_the_list_page_and_api_are_scoped(world, visits, login, api, persona, sees):
    user = getattr(world.users, persona)
    page = login(user).get("/fieldwork/visits/")
    assert page.status_code == 200
    shown = {
        k for k, v in visits.items() if v.get_absolute_url() in page.content.decode()
    }
    assert shown == sees
    listing = api(user).get("/api/visits/")
    assert {r["id"] for r in listing.json()["results"]} == {visits[k].pk for k in sees}
    for key, visit in visits.items():
        expected = 200 if key in sees else 404
        assert login(user).get(visit.get_absolute_url()).status_code == expected
        assert api(user).get(f"/api/visits/{visit.pk}/").status_code == expected


def test_the_list_filters_by_status_and_month(world, visits, login):
    client = login(world.users.county)
    text = client.get("/fieldwork/visits/?status=pending").content.decode()
    assert visits["b"].get_absolute_url() in text
    assert visits["a"].get_absolute_url() not in text
    month = days_ago(1).strftime("%Y-%m")
    assert client.get(f"/fieldwork/visits/?month={month}").status_code == 200


def test_the_list_exports_what_is_on_screen(world, visits, login):
    response = login(world.users.nonpublic).get("/fieldwork/visits/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("到岗日期", "日期类型", "指导员")  # weekend/holiday mark
    assert len(rows) == 2
    assert rows[1][2:7] == (
        "张建国",
        "保德县华鑫煤业有限公司",
        "调研",
        "现场签到",
        "已确认",
    )


def test_the_check_in_page_offers_only_own_organizations(world, login):
    text = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert "保德县华鑫煤业有限公司" in text
    assert "保德县个体劳动者协会" not in text and "保德县兴隆商贸有限公司" not in text
    assert "/static/js/geolocation.js" in text and "HTTPS" in text
    assert 'name="latitude"' in text and 'name="idempotency_key"' in text


def test_the_check_in_page_says_when_no_organization_is_assigned(world, login):
    world.asg_a.ended_on = days_ago(30)
    world.asg_a.end_reason = "调整"
    world.asg_a.save()
    text = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert "没有在岗的派驻组织" in text


def test_a_check_in_through_the_page(world, login):
    response = login(world.users.instructor).post(
        "/fieldwork/visits/checkin/",
        {
            "organization": world.org_a.pk,
            "date": days_ago(0).isoformat(),
            "activities": ["research", "policy"],
            "summary": "宣讲二十届四中全会精神",
        },
        follow=True,
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone)",
    )
    visit = Visit.objects.get()
    assert (
        visit.activities == ["research", "policy"]
        and visit.device == "Mozilla/5.0 (iPhone)"
    )
    text = response.content.decode()
    assert "等待联络员确认" in text and "宣讲政策" in text


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("instructor", {"到岗签到", "到岗记录", "到岗统计"}),
        ("contact", {"到岗记录"}),
        ("nonpublic", {"到岗记录", "到岗统计"}),
    ],
)
def test_the_menu(world, login, persona, shown):
    text = login(getattr(world.users, persona)).get("/").content.decode()
    assert {
        label for label in ("到岗签到", "到岗记录", "到岗统计") if label in text
    } == shown


def test_the_api_refuses_writes_other_than_create(world, visits, api):
    client = api(world.users.instructor)
    url = f"/api/visits/{visits['a'].pk}/"
    assert client.patch(url, {"summary": "x"}, format="json").status_code in (403, 405)
    assert client.delete(url).status_code in (403, 405)
