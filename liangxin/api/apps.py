from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "liangxin.api"
    label = "api"
    verbose_name = "接口"
