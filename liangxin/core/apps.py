from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.db.models.signals import post_migrate
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
        post_migrate.connect(_renew_summaries, sender=self)


def _renew_summaries(**kwargs):
    """Every deploy migrates: after it, kept pages and summaries are computed afresh, so no
    page rendered by the templates and code of the release before is served from the cache
    (core.summaries keys carry no code version; the generation changes instead)."""
    from liangxin.core import summaries

    summaries.renew()
