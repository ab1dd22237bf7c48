from django.conf import settings
from django.db import models
from django.utils import timezone


class TransitionRecord(models.Model):
    """Base of the history row a workflow keeps per move (Wagtail's WorkflowState, Healthchecks'
    Flip): from → to, by whom, when, why. Subclasses add the FK to their record and the two
    status fields with their own choices."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
