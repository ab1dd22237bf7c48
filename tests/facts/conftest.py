import pytest
from django.db import transaction

from liangxin.demo.builder import DemoBuilder
from tests.fieldwork.conftest import make_visit  # noqa: F401  (the same fixture)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county, built once per module and rolled back after it (building it takes
    most of a test's time); tests still run in their own transaction inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            DemoBuilder(seed=7).build("county")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_county, db):
    return None
