"""People's records in one place: the instructor's page gathers visits, handbook, reports,
trainings, results and the PDFs; the organization's page its visits, handbook, meetings and
换届 state — each section scoped to the reader."""

from django.utils import timezone

from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from liangxin.handbook.models import HandbookEntry


def _visit(world):
    return Visit.objects.create(
        region_id=world.org_a.region_id,
        instructor=world.ins_a,
        organization=world.org_a,
        assignment=world.asg_a,
        date=timezone.localdate(),
        activities=[Activity.RESEARCH],
        recorded_via=RecordedVia.ON_SITE,
        recorded_at=timezone.now(),
        status=VisitStatus.CONFIRMED,
    )


def test_the_instructor_page_gathers_their_record(
    world, login, django_assert_max_num_queries
):
    visit = _visit(world)
    HandbookEntry.objects.create(
        region_id=world.org_a.region_id,
        instructor=world.ins_a,
        organization=world.org_a,
        section="work",
        date=timezone.localdate(),
        title="指导企业党支部开展主题党日",
        content="……",
    )
    client = login(world.users.county)
    with django_assert_max_num_queries(30):
        body = client.get(world.ins_a.get_absolute_url()).content.decode()
    assert 'id="record-visits"' in body and visit.get_absolute_url() in body
    assert "本月已到岗 1 天" in body
    assert "指导企业党支部开展主题党日" in body
    for key in ("reports", "trainings", "results", "record"):
        assert f'id="record-{key}"' in body
    assert f"/duties/record/{world.ins_a.pk}/" in body  # 履职档案 PDF
    assert f"/handbook/pdf/{world.ins_a.pk}/" in body


def test_the_organization_page_links_its_handbook_visits_and_term(world, login):
    visit = _visit(world)
    body = (
        login(world.users.county).get(world.org_a.get_absolute_url()).content.decode()
    )
    assert visit.get_absolute_url() in body
    assert f"/handbook/organizations/{world.org_a.pk}/" in body
    assert 'id="record-meetings"' in body and 'id="record-term"' in body


def test_a_contact_sees_the_visits_at_their_organization_only(world, login):
    visit = _visit(world)
    body = (
        login(world.users.contact).get(world.org_a.get_absolute_url()).content.decode()
    )
    assert visit.get_absolute_url() in body
    assert 'id="record-results"' not in body
