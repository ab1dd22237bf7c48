from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "liangxin.roster"
    label = "roster"
    verbose_name = "指导员队伍"
