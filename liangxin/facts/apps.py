from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "liangxin.facts"
    label = "facts"
    verbose_name = "统计事实表"

    def ready(self):
        from liangxin.core import facts as hook
        from liangxin.facts import on_write, readers
        from liangxin.facts.refresh import refresh_instructor_month

        hook.register(refresh_instructor_month)
        hook.on_written(on_write.written)
        hook.provide("compliance", readers.compliance)
        hook.provide("compliance_months", readers.compliance_months)
