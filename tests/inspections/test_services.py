import datetime

import pytest
from django.urls import reverse

from liangxin.core.services import ServiceError
from liangxin.handbook.models import HandbookEntry, Section
from liangxin.inspections import sampling, services
from liangxin.inspections.models import Inspection, InspectionPlan, Kind, Rectification
from tests import factories as f


def test_a_rectification_is_flagged_overdue_until_verified(world, open_check):
    item = services.add_rectification(
        user=world.users.nonpublic,
        inspection=open_check,
        description="补齐工作手册",
        owner="张建国",
        due_on=datetime.date(2026, 10, 30),
    )
    assert Rectification.objects.with_overdue().get(pk=item.pk).is_overdue
    with pytest.raises(ServiceError, match="验收意见"):
        services.close_rectification(
            user=world.users.nonpublic, item=item, verification=""
        )
    services.close_rectification(
        user=world.users.nonpublic, item=item, verification="已补齐"
    )
    assert not Rectification.objects.with_overdue().get(pk=item.pk).is_overdue


def test_overdue_rectifications_reach_the_worklist(world, open_check):
    from liangxin.core.worklist import flags_for

    services.add_rectification(
        user=world.users.nonpublic,
        inspection=open_check,
        description="补齐工作手册",
        owner="张建国",
        due_on=datetime.date(2026, 10, 30),
    )
    kinds = [fl.kind for fl in flags_for(world.users.nonpublic)]
    assert "inspections.rectification_overdue" in kinds


def test_a_handbook_spot_check_draws_a_reproducible_sample(world, client):
    for day in range(1, 21):
        HandbookEntry.objects.create(
            region_id=world.county.code,
            instructor=world.ins_a,
            organization=world.org_a,
            section=Section.WORK,
            date=datetime.date(2026, 9, day),
            title=f"记录{day}",
            content="走访",
        )
    check = services.record_inspection(
        user=world.users.nonpublic,
        inspection=Inspection(
            kind=Kind.HANDBOOK,
            date=datetime.date(2026, 10, 1),
            inspectors="王检查",
            instructor=world.ins_a,
            organization=world.org_a,
        ),
    )
    assert len(check.sample) == 5
    again = services.spot_check_sample(world.ins_a.pk, check.date, check.sample_seed)
    assert again == check.sample
    services.rate_sample(
        user=world.users.nonpublic,
        inspection=check,
        ratings={check.sample[0]["entry"]: "good"},
    )
    assert Inspection.objects.get(pk=check.pk).sample[0]["rating"] == "good"
    # 未评 ("") takes a rating back; an entry not sent keeps its rating
    services.rate_sample(
        user=world.users.nonpublic,
        inspection=check,
        ratings={check.sample[0]["entry"]: "", check.sample[1]["entry"]: "fair"},
    )
    sample = Inspection.objects.get(pk=check.pk).sample
    assert [item["rating"] for item in sample[:2]] == ["", "fair"]
    services.rate_sample(user=world.users.nonpublic, inspection=check, ratings={})
    assert Inspection.objects.get(pk=check.pk).sample[1]["rating"] == "fair"
    # on the page every rating starts at 未评
    client.force_login(world.users.nonpublic)
    html = client.get(check.get_absolute_url()).content.decode()
    first = f'name="rating_{check.sample[0]["entry"]}" aria-label="评价"><option value="">未评</option><option value="good">'
    assert first in html
    assert '<option value="fair" selected>较好</option>' in html


def test_a_plan_is_stratified_by_committee_and_reruns_to_the_same_list(world):
    for _ in range(6):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    for _ in range(3):
        f.InstructorFactory(committee=world.social, unit=world.unit_b)
    plan = services.create_plan(
        user=world.users.county, name="四季度督查", size=4, seed=20261128
    )
    assert len(plan.result) == 4
    assert services.rerun_plan(InspectionPlan.objects.get(pk=plan.pk)) == plan.result
    committees = {str(world.nonpublic.pk): 0, str(world.social.pk): 0}
    for key, members in plan.inputs.items():
        committees[key] = sum(1 for pk, _ in members if pk in plan.result)
    assert committees == {str(world.nonpublic.pk): 3, str(world.social.pk): 1}


def test_flagged_instructors_are_drawn_more_often():
    strata = {"1": [[1, 10]] + [[pk, 1] for pk in range(2, 11)]}
    hits = sum(1 in sampling.draw(strata, 1, seed) for seed in range(400))
    assert hits > 400 * 0.35  # weight 10 of 19: about half, against 1 in 10 unweighted


def test_seats_follow_the_largest_remainder():
    assert sampling.seats({"a": [1] * 5, "b": [1] * 3, "c": [1] * 2}, 5) == {
        "a": 3,
        "b": 1,
        "c": 1,
    }


def test_an_instructor_outside_the_committee_cannot_be_inspected_by_it(world):
    with pytest.raises(ServiceError, match="不在您的管辖范围内"):
        services.record_inspection(
            user=world.users.nonpublic,
            inspection=Inspection(
                kind=Kind.OPEN,
                date=datetime.date(2026, 10, 1),
                inspectors="王检查",
                instructor=world.ins_b,
            ),
        )


@pytest.mark.parametrize(
    "persona,status",
    [("nonpublic", 200), ("county", 200), ("instructor", 403), ("contact", 403)],
)
def test_the_new_inspection_page_answers_each_role(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(
        reverse("inspections:inspection_create")
    )
    assert response.status_code == status


def test_the_committee_records_an_inspection_on_the_page(world, login):
    response = login(world.users.nonpublic).post(
        reverse("inspections:inspection_create"),
        {
            "kind": "covert",
            "date": "2026-10-20",
            "inspectors": "王检查",
            "instructor": world.ins_a.pk,
            "organization": world.org_a.pk,
            "on_duty": "poor",
            "issues": "未在岗",
            "private_note": "门卫称一周未见",
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get().private_notes.count() == 1


def test_actions_need_post(world, login, open_check):
    response = login(world.users.nonpublic).get(
        reverse("inspections:add_note", args=[open_check.pk])
    )
    assert response.status_code == 405


@pytest.mark.parametrize("rows", [5, 35])
def test_the_inspection_list_runs_a_flat_number_of_queries(
    world, login, rows, django_assert_max_num_queries
):
    Inspection.objects.bulk_create(
        [
            Inspection(
                region_id=world.county.code,
                kind=Kind.OPEN,
                date=datetime.date(2026, 10, 1),
                inspectors="王",
                instructor=world.ins_a,
                organization=world.org_a,
            )
            for _ in range(rows)
        ]
    )
    client = login(world.users.nonpublic)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("inspections:inspection_list")).status_code == 200


def test_the_plan_page_shows_that_the_draw_reruns_identically(world, login):
    client = login(world.users.county)
    response = client.post(
        reverse("inspections:plan_create"), {"name": "计划", "size": "2"}
    )
    assert response.status_code == 302
    assert "结果一致" in client.get(response.url).content.decode()


def test_absences_found_by_inspections_are_an_indicator_for_schemes(world, covert):
    from liangxin.core import indicators

    Inspection.objects.filter(pk=covert.pk).update(on_duty="poor")
    args = (
        "inspections.absences_found",
        [world.ins_a.pk, world.ins_b.pk],
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    # a 暗访 counts only once the county has published its finding (issue 11 item 1)
    assert indicators.compute(*args) == {world.ins_a.pk: 0, world.ins_b.pk: 0}
    services.publish_finding(user=world.users.county, inspection=covert)
    assert indicators.compute(*args) == {world.ins_a.pk: 1, world.ins_b.pk: 0}
