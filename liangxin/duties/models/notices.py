"""Notices (通报)."""

from django.db import models
from django.urls import reverse

from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet


class NoticeKind(models.TextChoices):
    COMMENDATION = "commendation", "表扬（先进典型）"
    CRITICISM = "criticism", "批评"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤销"


NOTICE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NoticeStatus.DRAFT: (NoticeStatus.PUBLISHED,),
    NoticeStatus.PUBLISHED: (NoticeStatus.WITHDRAWN,),
    NoticeStatus.WITHDRAWN: (),
}


class NoticeQuerySet(ScopedQuerySet):
    """Published notices reach every role of the region except organizations' contacts;
    drafts and withdrawn ones stay with the county (admin, auditor)."""

    def _published(self, user):
        if not user.region_id:
            return self.none()
        return self.filter(region_id=user.region_id, status=NoticeStatus.PUBLISHED)

    for_committee_staff = for_instructor = for_unit_liaison = _published


class Notice(TrackedModel):
    """A 通报 of commendation (先进典型, with the story) or criticism, naming instructors."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    kind = models.CharField("通报类别", max_length=15, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("通报内容（先进事迹）", max_length=10000)
    instructors = models.ManyToManyField(
        "roster.Instructor", verbose_name="通报指导员", related_name="notices"
    )
    status = models.CharField(
        "状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = verbose_name_plural = "通报"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("duties:notice_detail", args=[self.pk])

    TRANSITIONS = NOTICE_TRANSITIONS


NoticeTransition = history_model(
    Notice,
    name="NoticeTransition",
    field="notice",
    parent_label="通报",
    verbose_name="通报办理记录",
)
