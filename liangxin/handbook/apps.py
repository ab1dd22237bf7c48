from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "liangxin.handbook"
    label = "handbook"
    verbose_name = "工作手册"
