"""Training: events, enrolment, sign-in (organizer's ticks or the instructor's link), hours."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.core import indicators, worklist
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.duties.models import Enrolment, TrainingEvent
from liangxin.duties.services import training as training_services
from liangxin.duties.services import year_end as year_end_services

TODAY = timezone.localdate()


@pytest.fixture
def event(world):
    def _make(date=TODAY, hours="4", title="党务知识培训班", enrol=("a",)):
        item = TrainingEvent.objects.create(
            region=world.county,
            title=title,
            kind="class",
            date=date,
            hours=Decimal(hours),
            organizer=world.users.county,
        )
        for key in enrol:
            Enrolment.objects.create(
                event=item, instructor=getattr(world, f"ins_{key}")
            )
        return item

    return _make


def test_the_organizer_enrols_and_ticks_attendance_and_it_is_audited(world, event):
    training = event(enrol=())
    added = training_services.enrol(
        user=world.users.county,
        event=training,
        instructors=[world.ins_a, world.ins_b],
    )
    assert added == 2
    assert (
        training_services.enrol(
            user=world.users.county, event=training, instructors=[world.ins_a]
        )
        == 0
    )
    training_services.mark_attendance(
        user=world.users.county, event=training, attended_ids=[world.ins_a.pk]
    )
    row = training.enrolments.get(instructor=world.ins_a)
    assert row.attended and row.signed_in_via == "organizer"
    assert not training.enrolments.get(instructor=world.ins_b).attended
    notes = set(
        AuditLog.objects.filter(object_id=str(training.pk)).values_list(
            "note", flat=True
        )
    )
    assert any(n.startswith("安排参训") for n in notes)
    assert any(n.startswith("登记签到") for n in notes)


def test_attendance_before_the_day_and_by_others_is_refused(world, event):
    training = event(date=TODAY + datetime.timedelta(days=3))
    with pytest.raises(ServiceError, match="尚未举行"):
        training_services.mark_attendance(
            user=world.users.county, event=training, attended_ids=[]
        )
    for persona in ("instructor", "unit", "far_county", "auditor"):
        with pytest.raises(ServiceError, match="只有培训组织人"):
            training_services.mark_attendance(
                user=getattr(world.users, persona), event=training, attended_ids=[]
            )


def test_the_instructor_signs_in_by_the_link_on_the_day_once(world, event, login):
    training = event()
    client = login(world.users.instructor)
    url = training.signin_path()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    row = training.enrolments.get()
    assert row.attended and row.signed_in_via == "link"
    response = client.post(url, follow=True)
    assert "已签到，无需重复签到" in response.content.decode()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("token", "签到链接无效"),
        ("day", "只能在培训当天"),
        ("enrolled", "不在本次培训名单中"),
    ],
)
def test_a_sign_in_outside_the_rules_is_refused(world, event, case, message):
    training = event(
        date=TODAY - datetime.timedelta(days=1) if case == "day" else TODAY,
        enrol=() if case == "enrolled" else ("a",),
    )
    token = "wrong" if case == "token" else training.signin_token
    with pytest.raises(ServiceError, match=message):
        training_services.self_sign_in(
            user=world.users.instructor, event=training, token=token
        )


def test_hours_add_up_per_year_and_feed_the_indicator(world, event):
    first, second = event(hours="4"), event(hours="2.5", title="交流会")
    event(hours="8", title="未到场")
    event(date=datetime.date(TODAY.year - 1, 6, 1), hours="6", title="去年")
    for item in (first, second):
        training_services.mark_attendance(
            user=world.users.county, event=item, attended_ids=[world.ins_a.pk]
        )
    start, end = datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31)
    assert training_services.training_hours([world.ins_a.pk], start, end) == {
        world.ins_a.pk: Decimal("6.5")
    }
    assert indicators.compute(
        "duties.training_hours", [world.ins_a.pk], start, end
    ) == {world.ins_a.pk: 6.5}


@pytest.mark.parametrize(
    ("day", "hours", "at_risk"),
    [
        (datetime.date(2026, 9, 30), 0, False),  # before 1 October: never flagged
        (datetime.date(2026, 10, 1), 17, True),  # 24 × 274/365 ≈ 18.0
        (datetime.date(2026, 10, 1), 18.1, False),
        (datetime.date(2026, 12, 31), 23.5, True),
        (datetime.date(2026, 12, 31), 24, False),
    ],
)
def test_the_training_risk_rule(day, hours, at_risk):
    assert training_services.training_at_risk(hours, 24, day) is at_risk


def test_the_worklist_flags_instructors_behind_from_october(world, event, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 11, 28))
    training = event(date=datetime.date(2026, 11, 28), hours="30", enrol=("b",))
    training_services.mark_attendance(
        user=world.users.county, event=training, attended_ids=[world.ins_b.pk]
    )
    flags = [
        f
        for f in worklist.flags_for(world.users.county)
        if f.kind == "duties.training_at_risk"
    ]
    assert {f.instructor_id for f in flags} == {world.ins_a.pk, world.ins_idle.pk}


def test_pages_per_role(world, event, login):
    training = event()
    for persona in ("county", "nonpublic", "instructor", "unit", "auditor"):
        client = login(getattr(world.users, persona))
        assert client.get("/duties/trainings/").status_code == 200
        assert client.get(training.get_absolute_url()).status_code == 200
        assert client.get("/duties/trainings/hours/").status_code == 200
    assert (
        login(world.users.far_county).get(training.get_absolute_url()).status_code
        == 404
    )
    assert login(world.users.contact).get("/duties/trainings/").status_code == 403
    assert (
        login(world.users.instructor).get("/duties/trainings/new/").status_code == 403
    )
    assert (
        login(world.users.instructor)
        .post(f"/duties/trainings/{training.pk}/attendance/")
        .status_code
        == 403
    )
    assert (
        login(world.users.county)
        .get(f"/duties/trainings/{training.pk}/attendance/")
        .status_code
        == 405
    )
    assert login(world.users.county).delete(training.signin_path()).status_code == 405


def test_the_sign_in_url_is_shown_to_the_organizer_only(world, event, login):
    training = event()
    assert (
        training.signin_token
        in login(world.users.county).get(training.get_absolute_url()).content.decode()
    )
    assert (
        training.signin_token
        not in login(world.users.instructor)
        .get(training.get_absolute_url())
        .content.decode()
    )


def test_the_organizer_sees_a_qr_code_of_the_sign_in_link(world, event, login):
    import base64
    import re
    import urllib.parse

    training = event()
    body = login(world.users.county).get(training.get_absolute_url()).content.decode()
    assert 'id="signin-qr"' in body
    uri = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', body).group(1)
    payload = uri.split(",", 1)[1]
    svg = (
        base64.b64decode(payload).decode()
        if ";base64" in uri.split(",", 1)[0]
        else urllib.parse.unquote(payload)
    )
    assert "<svg" in svg and "<path" in svg


def test_the_committee_creates_enrols_and_ticks_through_the_pages(world, login):
    client = login(world.users.nonpublic)
    response = client.post(
        "/duties/trainings/new/",
        {
            "title": "以会代训",
            "kind": "meeting",
            "date": TODAY.isoformat(),
            "hours": "3",
        },
    )
    training = TrainingEvent.objects.get()
    assert response.status_code == 302 and training.organizer == world.users.nonpublic
    client.post(
        f"/duties/trainings/{training.pk}/enrol/", {"instructors": [world.ins_a.pk]}
    )
    client.post(
        f"/duties/trainings/{training.pk}/attendance/", {"attended": [world.ins_a.pk]}
    )
    assert training.enrolments.get().attended


def test_the_api_lists_creates_and_enrols(world, api):
    client = api(world.users.county)
    response = client.post(
        "/api/trainings/",
        {"title": "现场观摩", "kind": "visit", "date": TODAY.isoformat(), "hours": "2"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/trainings/{pk}/enrol/", {"instructors": [world.ins_a.pk]}, format="json"
    )
    assert response.json()["enrolled"] == [
        {"instructor": world.ins_a.pk, "attended": False}
    ]
    refused = api(world.users.instructor).post(
        "/api/trainings/",
        {"title": "x", "kind": "visit", "date": TODAY.isoformat(), "hours": "2"},
        format="json",
    )
    assert refused.status_code == 403
    assert api(world.users.far_county).get(f"/api/trainings/{pk}/").status_code == 404


@pytest.mark.parametrize("rows", [5, 35])
def test_the_training_list_runs_a_flat_number_of_queries(
    world, login, rows, django_assert_max_num_queries
):
    TrainingEvent.objects.bulk_create(
        [
            TrainingEvent(
                region=world.county, title=f"培训{n}", kind="class", date=TODAY, hours=2
            )
            for n in range(rows)
        ]
    )
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/trainings/").status_code == 200


def test_reminders_for_trainings_and_duty_reports_are_sent_once(world, event):
    from django.core.management import call_command

    from liangxin.core.models import Notification

    event(date=TODAY + datetime.timedelta(days=2))
    year_end_services.open_round(user=world.users.county, year=TODAY.year)
    call_command("send_duty_reminders", verbosity=0)
    call_command("send_duty_reminders", verbosity=0)
    titles = sorted(
        Notification.objects.filter(recipient=world.users.instructor).values_list(
            "title", flat=True
        )
    )
    assert [t for t in titles if t.startswith(("培训提醒", "请提交"))] == [
        "培训提醒：党务知识培训班",
        f"请提交{TODAY.year}年度述职报告",
    ]
