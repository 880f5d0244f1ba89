"""Framework versions, assessments and their answers.

An assessment is pinned to one FrameworkVersion (PROTECT): loading a newer version of a
framework creates a new row and never changes existing assessments. Answers carry a
`version` (and notes a `note_version`) for optimistic concurrency: a save based on a stale
version is refused by the service, never applied silently.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessment.questionnaire_core import STEP_KEYS
from core.models import OrganisationScopedModel, TimeStampedModel


class FrameworkVersionQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Versions an organisation may use: the built-in ones and its own."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


class FrameworkVersion(TimeStampedModel):
    """One loaded version of a framework file (built-in when `organisation` is empty)."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty for the built-in frameworks every organisation can use."),
    )
    key = models.CharField(_("key"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    source = models.TextField(_("YAML source"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="framework_version_unique"
            ),
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=Q(organisation__isnull=True),
                name="framework_version_builtin_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("framework_detail", kwargs={"pk": self.pk})

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None

    @property
    def framework(self):
        """The parsed framework, cached in-process by content hash."""
        from assessment.questionnaire_core.cache import framework_for

        return framework_for(self)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    FINAL = "final", _("Final")


def validate_targets(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Targets must be a mapping of step to a number from 0 to 100."))
    for key, target in value.items():
        if key not in STEP_KEYS:
            raise ValidationError(_("Unknown step “%(key)s” in targets.") % {"key": key})
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 100:
            raise ValidationError(
                _("The target for %(key)s must be a whole number from 0 to 100.") % {"key": key}
            )


class Assessment(OrganisationScopedModel):
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework"),
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    targets = models.JSONField(
        _("targets"), default=dict, blank=True, validators=[validate_targets]
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assessments",
        verbose_name=_("participants"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Archived assessments are kept whole (snapshot, findings, roadmap, exports) but left
    # out of the default list, the home page and pickers (docs/questionnaire.md).
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )
    # The organisation's current assessment, pinned by an owner: what the home page, the
    # top-level Roadmap and a new member open, instead of the newest draft (at most one
    # per organisation; docs/questionnaire.md, "Current assessment").
    pinned_at = models.DateTimeField(_("pinned at"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned by"),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="assessment_period_order",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(pinned_at__isnull=False),
                name="assessment_one_pinned_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def is_final(self) -> bool:
        return self.status == AssessmentStatus.FINAL

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def framework(self):
        return self.framework_version.framework


class Answer(OrganisationScopedModel):
    """One question's answer in one assessment. `value` null means unanswered."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    question_key = models.CharField(_("question"), max_length=100)
    value = models.JSONField(_("value"), null=True, blank=True)
    is_na = models.BooleanField(_("not applicable"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    note_version = models.PositiveIntegerField(_("note version"), default=0)
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note by"),
    )
    note_at = models.DateTimeField(_("note at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "question_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"], name="answer_unique_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.question_key}"

    @property
    def has_answer(self) -> bool:
        return self.is_na or self.value is not None

    @property
    def clean_value(self):
        """The value as the framework layer expects it (NA for "not applicable")."""
        from assessment.questionnaire_core import NA

        return NA if self.is_na else self.value
