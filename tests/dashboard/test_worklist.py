import datetime

from liangxin.fieldwork.models import Visit, VisitStatus


def test_the_worklist_flags_an_instructor_short_last_month(world, login):
    response = login(world.users.nonpublic).get("/worklist/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "张建国" in body and "到岗天数不足" in body
    assert "李秀英" not in body  # the other committee's instructor


def test_the_worklist_flags_visits_left_unconfirmed(world, login):
    old = datetime.date.today() - datetime.timedelta(days=12)
    Visit.objects.create(region=world.org_a.region, instructor=world.ins_a,
                         organization=world.org_a, assignment=world.asg_a, date=old,
                         activities=["research"], recorded_at=datetime.datetime.now(datetime.UTC),
                         status=VisitStatus.PENDING)
    body = login(world.users.county).get("/worklist/").content.decode()
    assert "到岗记录久未确认" in body and "1 条到岗记录" in body


def test_an_instructor_sees_only_their_own_flags(world, login):
    body = login(world.users.instructor).get("/worklist/").content.decode()
    assert "张建国" in body
    assert "王志强" not in body


def test_the_worklist_needs_a_login(client):
    assert client.get("/worklist/").status_code == 302
