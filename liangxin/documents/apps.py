from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "liangxin.documents"
    label = "documents"
    verbose_name = "公文起草"
