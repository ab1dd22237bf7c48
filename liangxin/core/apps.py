from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from liangxin.core import signals  # noqa: F401  (login / logout audit)

        # each app's registrations, autodiscovered: permissions.py (core.auth), navigation.py,
        # indicators.py, worklist.py, obligations.py, records.py (sections of the
        # instructor and organization pages), figures.py (the cockpit), digests.py (parts
        # of report drafts), conditions.py (core.conditions), api.py (viewsets, core.api)
        autodiscover_modules(
            "permissions",
            "navigation",
            "indicators",
            "worklist",
            "obligations",
            "records",
            "figures",
            "digests",
            "conditions",
            "api",
        )
