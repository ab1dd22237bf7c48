"""County-editable wording of the department's documents, kept as versioned .docx files."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from liangxin.core.scoping import ScopedQuerySet


class DocumentKind(models.TextChoices):
    WORK_SUMMARY = "work-summary", "工作总结"
    INSPECTION_NOTICE = "inspection-notice", "督查通报"
    ASSESSMENT_NOTICE = "assessment-notice", "考核结果通报"


class DocumentTemplateQuerySet(ScopedQuerySet):
    """County admins and auditors of the region (ScopedQuerySet); no other role."""

    def current(self, region_id: str, kind: str):
        return self.filter(region_id=region_id, kind=kind).order_by("-number").first()


class DocumentTemplate(models.Model):
    """One uploaded version of a county's wording for one kind of document."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    kind = models.CharField("公文类别", max_length=20, choices=DocumentKind.choices)
    number = models.PositiveIntegerField("版本号")
    content = models.BinaryField("模板文件（docx）")
    filename = models.CharField("原文件名", max_length=200)
    note = models.CharField("修改说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = DocumentTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "-number"]
        verbose_name = verbose_name_plural = "公文模板"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "number"],
                name="document_template_version_once",
                violation_error_message="该模板版本已存在，请刷新后重新上传。",
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.get_kind_display()} 第{self.number}版"
