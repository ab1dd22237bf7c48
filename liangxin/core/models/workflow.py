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


def history_model(
    parent,
    *,
    name: str,
    field: str,
    parent_label: str,
    verbose_name: str,
    max_length: int = 10,
    constraints=(),
    doc: str = "",
):
    """Declare the history model of a workflow model in one line: a `TransitionRecord` with a
    foreign key `field` to `parent` (related name "transitions", which
    `core.workflow.transition` writes) and from/to fields with the parent's status choices."""
    choices = parent._meta.get_field("status").choices
    meta = type(
        "Meta",
        (),
        {
            "ordering": ["at", "id"],
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name,
            "constraints": list(constraints),
        },
    )
    attrs = {
        "__module__": parent.__module__,
        "__doc__": doc or f"One move of a {parent.__name__}: from → to, by whom, when.",
        field: models.ForeignKey(
            parent,
            verbose_name=parent_label,
            on_delete=models.CASCADE,
            related_name="transitions",
        ),
        "from_status": models.CharField(
            "原状态", max_length=max_length, choices=choices
        ),
        "to_status": models.CharField("新状态", max_length=max_length, choices=choices),
        "Meta": meta,
    }
    return type(name, (TransitionRecord,), attrs)
