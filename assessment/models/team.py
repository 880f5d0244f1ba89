"""Who is asked to answer what, by when (issue 16): a step or single questions of an
assessment assigned to members with a due date."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models.results import STEP_CHOICES
from core.models import OrganisationScopedModel


class Assignment(OrganisationScopedModel):
    """One member asked to answer a step (``question_key`` blank) or one question of it."""

    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("assessment"),
    )
    step = models.CharField(_("step"), max_length=30, choices=STEP_CHOICES)
    #: One question of the step, or blank for the whole step.
    question_key = models.CharField(_("question"), max_length=100, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "step", "question_key", "assignee"],
                name="assignment_once_per_person",
            )
        ]
        indexes = [models.Index(fields=["organisation", "assignee", "due_date"])]

    def __str__(self) -> str:
        what = self.question_key or self.get_step_display()
        return f"{self.assessment} · {what} → {self.assignee}"
