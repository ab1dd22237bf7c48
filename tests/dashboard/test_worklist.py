import datetime

from django.urls import reverse

from liangxin.core.worklist import flags_for
from liangxin.fieldwork.models import Visit, VisitStatus
from tests import factories as f


def test_the_worklist_flags_an_instructor_short_last_month(world, login):
    response = login(world.users.nonpublic).get("/worklist/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "张建国" in body and "到岗天数不足" in body
    assert "李秀英" not in body  # the other committee's instructor


def test_the_worklist_flags_visits_left_unconfirmed(world, login):
    old = datetime.date.today() - datetime.timedelta(days=12)
    Visit.objects.create(
        region=world.org_a.region,
        instructor=world.ins_a,
        organization=world.org_a,
        assignment=world.asg_a,
        date=old,
        activities=["research"],
        recorded_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=12),
        status=VisitStatus.PENDING,
    )
    body = login(world.users.county).get("/worklist/").content.decode()
    assert "到岗记录久未确认" in body and "1 条到岗记录" in body


def test_an_instructor_sees_only_their_own_flags(world, login):
    body = login(world.users.instructor).get("/worklist/").content.decode()
    assert "张建国" in body
    assert "王志强" not in body


def test_the_worklist_needs_a_login(client):
    assert client.get("/worklist/").status_code == 302


def test_the_worklist_flags_overdue_problems_and_stale_handbooks(world, login):
    f.ProblemFactory(
        organization=world.org_a,
        instructor=world.ins_a,
        description="工资发放不及时",
        raised_on=datetime.date.today() - datetime.timedelta(days=45),
    )
    body = login(world.users.nonpublic).get("/worklist/").content.decode()
    assert "问题逾期未办结" in body and "1 个问题超过办理时限" in body
    assert (
        "工作手册久未记录" in body
        and "保德县华鑫煤业有限公司：近 30 天没有工作手册记录" in body
    )
    stale = [
        fl for fl in flags_for(world.users.nonpublic) if fl.kind == "handbook.stale"
    ]
    assert stale and all(
        fl.url == reverse("handbook:organization", args=[fl.organization_id])
        for fl in stale
    )


def test_the_worklist_ranks_instructors_to_check_first_with_the_evidence(world, login):
    from liangxin.core.worklist import Flag, rank_instructors

    flags = [
        Flag("a", "甲", "依据一", instructor_id=1, instructor_name="张三", severity=1),
        Flag("b", "乙", "依据二", instructor_id=2, instructor_name="李四", severity=3),
        Flag("a", "甲", "依据三", instructor_id=1, instructor_name="张三", severity=1),
        Flag("c", "丙", "无指导员", severity=3),
    ]
    ranked = rank_instructors(flags)
    assert [(r.instructor_name, r.score) for r in ranked] == [("李四", 3), ("张三", 2)]
    assert [fl.detail for fl in ranked[1].flags] == ["依据一", "依据三"]
    body = login(world.users.nonpublic).get("/worklist/").content.decode()
    assert 'id="ranked"' in body and "张建国" in body and "分" in body
    assert (
        'id="ranked"'
        not in login(world.users.nonpublic)
        .get("/worklist/?view=flags")
        .content.decode()
    )


def test_the_worklist_is_for_those_who_have_it_in_their_menu(world, client):
    for user in (world.users.contact, world.users.unit):
        client.force_login(user)
        assert client.get("/worklist/").status_code == 403
        assert 'href="/worklist/"' not in client.get("/").content.decode()
    for user in (world.users.county, world.users.auditor, world.users.instructor):
        client.force_login(user)
        assert client.get("/worklist/").status_code == 200


def test_an_instructor_reads_their_list_flag_by_flag(world, client):
    client.force_login(world.users.instructor)
    page = client.get("/worklist/")
    assert page.context["by_instructor"] is False and not page.context["ranks"]
    assert "按指导员排序" not in page.content.decode()
    assert page.context["flag_count"] == len(flags_for(world.users.instructor))
    client.force_login(world.users.county)
    assert "按指导员排序" in client.get("/worklist/").content.decode()
