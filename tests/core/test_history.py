"""History panels speak the reader's language: labels, display values and names, never raw
field names, ids or versions."""

from django.utils import timezone

from liangxin.fieldwork import services
from liangxin.fieldwork.models import Activity


def _confirmed_visit(world):
    world.users.contact.display_name = "刘桂兰"
    world.users.contact.save()
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=timezone.localdate(),
        activities=[Activity.RESEARCH, Activity.POLICY],
    )
    return services.confirm_visit(user=world.users.contact, visit=visit)


def test_the_history_panel_shows_labels_names_and_no_internals(
    world, login, django_assert_max_num_queries
):
    visit = _confirmed_visit(world)
    client = login(world.users.county)
    with django_assert_max_num_queries(16):  # + the visit date's calendar day
        body = client.get(visit.get_absolute_url()).content.decode()
    panel = body[body.index("变更历史") :]
    assert "确认状态：待确认 → 已确认" in panel
    assert "确认人：（空） → 刘桂兰" in panel
    assert "刘桂兰 修改" in panel
    for raw in ("status", "confirmed_by", "version", "contact001", "→ 4"):
        assert raw not in panel


def test_the_history_shows_json_lists_by_their_labels():
    from liangxin.core.history import display
    from liangxin.fieldwork.models import Visit

    field = Visit._meta.get_field("activities")
    assert display(field, ["research", "policy"], {}) == "调研、宣讲政策"
    assert display(Visit._meta.get_field("needs_review"), True, {}) == "是"
    assert display(Visit._meta.get_field("date"), "2026-11-03", {}) == "2026-11-03"


def test_a_device_reads_as_brand_model_system_and_browser():
    from liangxin.core.devices import describe

    ua = (
        "Mozilla/5.0 (Linux; Android 12; ELS-AN00 Build/HUAWEIELS-AN00; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 "
        "Mobile Safari/537.36"
    )
    assert describe(ua) == "华为 ELS-AN00 · Android 12 · Chrome 120"
    assert describe("") == "—"
    assert describe("演示数据") == "演示数据"
