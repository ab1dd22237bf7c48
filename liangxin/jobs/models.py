from django.conf import settings
from django.db import models
from django.urls import reverse


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job and its file belong to the user who asked for it, whatever the role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    """A file produced in the background (a big export, a PDF): progress, then the file.

    The job replays the user's own GET request in the worker, as that user, so the file holds
    exactly what the page would have given them (same scoping, same filters)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    title = models.CharField("名称", max_length=200)
    path = models.CharField("请求地址", max_length=2000)
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    file = models.FileField("文件", upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "后台生成的文件"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
