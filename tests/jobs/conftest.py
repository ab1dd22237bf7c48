import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def with_workers(settings):
    """As with REDIS_URL: tasks leave through transaction.on_commit instead of running now."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
