from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "liangxin.fieldwork"
    label = "fieldwork"
    verbose_name = "驻点到岗"
