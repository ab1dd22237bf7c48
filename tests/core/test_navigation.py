"""The menu: grouped by mechanism, only what each role can use, cached per role, with a
breadcrumb to where the page lives."""

import pytest
from django.core.cache import cache

from liangxin.core.navigation import breadcrumbs, menu_for
from tests import factories as f

MANAGEMENT = ("派驻记录", "派出单位", "行业党委", "考核方案", "补贴发放", "接口文档")


@pytest.fixture(autouse=True)
def _fresh_menu_cache():
    cache.clear()
    yield
    cache.clear()


def _labels(user) -> set[str]:
    return {link.label for _t, _s, links in menu_for(user) for link in links}


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit"])
def test_people_in_the_field_see_no_management_items(world, persona):
    labels = _labels(getattr(world.users, persona))
    assert labels and not labels & set(MANAGEMENT)


def test_the_instructor_menu_keeps_what_an_instructor_uses(world):
    labels = _labels(world.users.instructor)
    assert {"到岗签到", "到岗记录", "工作手册", "定期汇报"} <= labels


def test_the_api_docs_are_only_in_an_administrators_menu(world):
    admin = f.UserFactory(username="root", is_superuser=True)
    assert "接口文档" in _labels(admin)
    for persona in ("county", "auditor", "instructor"):
        assert "接口文档" not in _labels(getattr(world.users, persona))


def test_the_menu_is_cached_per_role(world, django_assert_num_queries):
    menu_for(world.users.nonpublic)
    with django_assert_num_queries(0):
        assert menu_for(world.users.social) == menu_for(world.users.nonpublic)


def test_the_breadcrumb_names_the_mechanism_and_the_list(world):
    groups = menu_for(world.users.county)
    trail = breadcrumbs("/fieldwork/visits/12/", groups)
    assert [link.label for link in trail] == ["沉得下", "到岗记录"]
    mine = menu_for(world.users.instructor)
    assert breadcrumbs("/fieldwork/visits/checkin/", mine)[-1].label == "到岗签到"


def test_a_page_shows_its_breadcrumb_and_folding_groups(world, login):
    body = login(world.users.county).get("/fieldwork/visits/").content.decode()
    assert 'aria-label="breadcrumb"' in body
    assert '<details class="nav-group' in body


def test_an_instructor_page_has_no_management_links(world, login):
    body = login(world.users.instructor).get("/").content.decode()
    assert "/roster/units/" not in body and "/api/docs/" not in body
