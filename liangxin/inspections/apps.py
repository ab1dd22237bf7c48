from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "liangxin.inspections"
    label = "inspections"
    verbose_name = "督查检查"
