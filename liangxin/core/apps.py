from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from liangxin.core import signals  # noqa: F401  (login / logout audit)
