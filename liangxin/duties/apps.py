from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "liangxin.duties"
    label = "duties"
    verbose_name = "履职管理"
