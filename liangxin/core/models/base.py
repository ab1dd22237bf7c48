from django.db import models


class TrackedModel(models.Model):
    """Base for domain records: timestamps and a version for optimistic locking."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True
