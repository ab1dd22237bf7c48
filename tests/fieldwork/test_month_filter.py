"""The visit list's month filter keeps its months after the API schema was generated.

drf-spectacular reads the filters' form fields on the class; a filter copied from there
carried the empty field it was built with, so every visit list showed no months afterwards
(found by a browser test that ran after the API tests)."""

from liangxin.fieldwork.filters import VisitFilter, month_choices


def test_the_month_filter_lists_the_months_after_the_schema_was_read(world, login):
    built = VisitFilter.base_filters["month"].field  # what the schema generator does
    assert built is not None
    body = login(world.users.nonpublic).get("/fieldwork/visits/").content.decode()
    value, label = month_choices()[0]
    assert f'<option value="{value}"' in body
    assert body.count('<option value="20') >= 36


def test_the_api_schema_then_the_page(world, login, client):
    assert client.get("/api/schema/").status_code in (200, 401, 403)
    body = login(world.users.nonpublic).get("/fieldwork/visits/").content.decode()
    assert f'<option value="{month_choices()[35][0]}"' in body
