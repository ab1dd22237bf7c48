from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from liangxin.core import signals  # noqa: F401  (login / logout audit)

        # each app's registrations: <app>/indicators.py, worklist.py, obligations.py,
        # records.py (sections of the instructor and organization pages) and figures.py
        # (the cockpit's figure registry), digests.py (parts of report drafts) and api.py
        # (viewsets, see core.api)
        autodiscover_modules(
            "indicators",
            "worklist",
            "obligations",
            "records",
            "figures",
            "digests",
            "api",
        )
