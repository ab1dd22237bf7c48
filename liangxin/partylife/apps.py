from django.apps import AppConfig


class PartylifeConfig(AppConfig):
    name = "liangxin.partylife"
    label = "partylife"
    verbose_name = "组织生活与两个覆盖"
