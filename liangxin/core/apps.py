from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from liangxin.core import signals  # noqa: F401  (login / logout audit)

        # each app's registrations: <app>/indicators.py, worklist.py, obligations.py
        # and records.py (sections of the instructor and organization pages)
        autodiscover_modules("indicators", "worklist", "obligations", "records")
