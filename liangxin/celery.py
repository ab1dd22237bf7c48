"""The Celery application: `celery -A liangxin worker` and `celery -A liangxin beat`.

Configuration comes from Django settings (CELERY_*). Without REDIS_URL every task runs eagerly
inside the caller, so the embedded default needs no broker and no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")

app = Celery("liangxin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
