"""Results of an assessment: findings, the curated roadmap, thresholds and the final snapshot.

The pure engine (assessment/results_core) computes scores, findings and a proposed roadmap; the
services in assessment/results store them here. Roadmap items are the lead's to edit: the
names of the fields they changed are kept in `edited_fields`, and regenerating merges the
new proposal into the stored items without overwriting those fields or resurrecting a
dismissed item (docs/scoring.md, "In the app").
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.questionnaire_core import STEP_KEYS
from assessment.results_core import Thresholds
from core.models import OrganisationScopedModel

STEP_LABELS = {
    "current_state": _("Current state"),
    "touchpoints": _("Touchpoints"),
    "gaps": _("Gaps"),
    "stack": _("Stack"),
    "architecture": _("Architecture"),
}


def step_label(step_key: str) -> str:
    """A step's short name ("Touchpoints"), whatever the framework calls it."""
    return str(STEP_LABELS.get(step_key, step_key))


STEP_CHOICES = [
    (key, STEP_LABELS.get(key, key.replace("_", " ").capitalize())) for key in STEP_KEYS
]


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFO = "info", _("Info")


class Horizon(models.TextChoices):
    NOW = "now", pgettext_lazy("horizon", "Now")
    NEXT = "next", pgettext_lazy("horizon", "Next")
    LATER = "later", pgettext_lazy("horizon", "Later")


class Effort(models.TextChoices):
    LOW = "low", pgettext_lazy("effort", "Low")
    MEDIUM = "medium", pgettext_lazy("effort", "Medium")
    HIGH = "high", pgettext_lazy("effort", "High")


class Impact(models.IntegerChoices):
    LOW = 1, pgettext_lazy("impact", "Low")
    MEDIUM = 2, pgettext_lazy("impact", "Medium")
    HIGH = 3, pgettext_lazy("impact", "High")


class Quadrant(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    MAJOR_PROJECT = "major_project", _("Major project")
    FILL_IN = "fill_in", _("Fill-in")
    THANKLESS = "thankless", _("Thankless")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Resolved")


def _ratio_field(verbose_name, default, help_text):
    return models.FloatField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=help_text,
    )


class FindingThresholds(OrganisationScopedModel):
    """The organisation's knobs for the finding rules and the roadmap (one row each)."""

    underused_utilisation = _ratio_field(
        _("under-used below"), 0.30, _("A tool is under-used below this share of seats (0–1).")
    )
    renewal_window_days = models.PositiveIntegerField(
        _("renewal window (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("Renewals and notice dates within this many days are flagged."),
    )
    urgent_cancel_days = models.PositiveIntegerField(
        _("urgent notice (days)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("A last day to cancel within this many days is high severity."),
    )
    weak_answer_score = models.FloatField(
        _("weak answer below"),
        default=40.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A heavily weighted answer scoring below this (0–100) is a finding."),
    )
    heavy_weight = models.FloatField(
        _("heavy question weight"),
        default=1.5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Questions with at least this weight count as heavily weighted."),
    )
    overlap_min_tools = models.PositiveIntegerField(
        _("overlap from (tools)"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("This many active tools in one subcategory overlap."),
    )
    seat_headroom = _ratio_field(
        _("seat headroom"), 0.20, _("Seats kept when downsizing: active users × (1 + this).")
    )
    gap_min_points = models.FloatField(
        _("gap to target above (points)"),
        default=10.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A step further below its target than this becomes a roadmap item."),
    )
    gap_items_max = models.PositiveIntegerField(
        _("gap items at most"),
        default=3,
        validators=[MaxValueValidator(5)],
        help_text=_("At most this many roadmap items from gaps to target, largest first."),
    )

    ENGINE_FIELDS = tuple(Thresholds.__dataclass_fields__)

    class Meta:
        verbose_name = _("finding thresholds")
        verbose_name_plural = _("finding thresholds")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="finding_thresholds_unique")
        ]

    def __str__(self) -> str:
        return str(_("Finding thresholds"))

    def get_absolute_url(self) -> str:
        return reverse("finding_thresholds")

    def as_engine(self) -> Thresholds:
        return Thresholds(**{name: getattr(self, name) for name in self.ENGINE_FIELDS})


class Finding(OrganisationScopedModel):
    """One finding of the last computation (a regeneration rewrites the findings that changed)."""

    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("assessment"),
    )
    rule = models.CharField(_("rule"), max_length=60)
    key = models.CharField(_("key"), max_length=200)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    step = models.CharField(_("step"), max_length=30, choices=STEP_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    recommendation = models.JSONField(
        _("recommendation"), default=dict, blank=True, help_text=_("Language → text.")
    )
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    savings = models.DecimalField(
        _("annual savings"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    computed_at = models.DateTimeField(_("computed at"))
    messages = models.JSONField(
        _("translatable texts"),
        default=dict,
        blank=True,
        help_text=_("Title, detail, recommendation and action as templates with parameters."),
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="finding_unique_key")
        ]

    def __str__(self) -> str:
        return self.title

    def _text(self, name: str, stored, language: str | None) -> str:
        from assessment.texts import render

        message = (self.messages or {}).get(name)
        return render(message, language) if message else render(stored, language)

    def title_text(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the active one)."""
        return self._text("title", self.title, language)

    def detail_text(self, language: str | None = None) -> str:
        return self._text("detail", self.detail, language)

    def recommendation_text(self, language: str | None = None) -> str:
        return self._text("recommendation", self.recommendation or "", language)

    @property
    def display_title(self) -> str:
        return self.title_text()

    @property
    def display_detail(self) -> str:
        return self.detail_text()

    @property
    def display_recommendation(self) -> str:
        return self.recommendation_text()


class RoadmapItem(OrganisationScopedModel):
    """A piece of work on the roadmap: generated from findings and gaps, or added by hand."""

    EDITABLE_FIELDS = ("title", "description", "owner", "due_date", "horizon", "impact", "effort")
    #: What an item is, in this order: the API shows these (with id and timestamps) and a
    #: final assessment's snapshot freezes them (with the translatable texts).
    PUBLIC_FIELDS = (
        "key",
        "generated",
        "title",
        "description",
        "step",
        "impact",
        "effort",
        "quadrant",
        "priority",
        "horizon",
        "position",
        "owner",
        "due_date",
        "status",
        "dismiss_reason",
        "dependencies",
        "finding_keys",
        "savings",
        "currency",
        "edited_fields",
    )

    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="roadmap_items",
        verbose_name=_("assessment"),
    )
    key = models.CharField(_("key"), max_length=200)
    generated = models.BooleanField(_("generated"), default=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    step = models.CharField(_("step"), max_length=30, choices=STEP_CHOICES, blank=True)
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=Impact.choices, default=Impact.MEDIUM
    )
    effort = models.CharField(
        _("effort"), max_length=10, choices=Effort.choices, default=Effort.MEDIUM
    )
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices, blank=True)
    priority = models.PositiveIntegerField(_("priority"), default=0)
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.NEXT
    )
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("A person or a team.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    #: The member who owns the item (issue 16); ``owner`` stays as a free-text label for a
    #: team or someone outside the organisation.
    owned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (member)"),
    )
    dependencies = models.JSONField(_("depends on"), default=list, blank=True)
    savings = models.DecimalField(
        _("annual savings"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    savings_breakdown = models.JSONField(_("savings per tool"), default=list, blank=True)
    finding_keys = models.JSONField(_("findings"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    dismiss_reason = models.TextField(_("reason for dismissing"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    edited_fields = models.JSONField(_("edited fields"), default=list, blank=True)
    messages = models.JSONField(
        _("translatable texts"),
        default=dict,
        blank=True,
        help_text=_("A generated title and description as templates with parameters."),
    )

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["assessment", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="roadmap_item_unique_key")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment_roadmap", kwargs={"pk": self.assessment_id}) + f"#item-{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (ItemStatus.OPEN, ItemStatus.ACCEPTED)

    def overdue_on(self, today) -> bool:
        """Still to do (open or accepted) and past its due date on ``today``."""
        return bool(self.is_active and self.due_date and self.due_date < today)

    def _text(self, name: str, language: str | None) -> str:
        from assessment.texts import item_text

        values = {"messages": self.messages, "edited_fields": self.edited_fields}
        return item_text({**values, name: getattr(self, name)}, name, language)

    def title_text(self, language: str | None = None) -> str:
        return self._text("title", language)

    def description_text(self, language: str | None = None) -> str:
        return self._text("description", language)

    @property
    def display_title(self) -> str:
        return self.title_text()

    @property
    def display_description(self) -> str:
        return self.description_text()


class AssessmentResult(OrganisationScopedModel):
    """The last computation: a hash of its inputs (to know when to recompute) and a summary."""

    assessment = models.OneToOneField(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="result",
        verbose_name=_("assessment"),
    )
    input_hash = models.CharField(_("input hash"), max_length=64)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.computed_at:%Y-%m-%d %H:%M}"


class AssessmentSnapshot(OrganisationScopedModel):
    """What a final assessment was made of, frozen: answers, inventory facts, thresholds,
    scores, findings and roadmap (JSON; dates ISO, decimals as strings)."""

    assessment = models.OneToOneField(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="snapshot",
        verbose_name=_("assessment"),
    )
    data = models.JSONField(_("data"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )

    class Meta:
        verbose_name = _("assessment snapshot")
        verbose_name_plural = _("assessment snapshots")

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.content_hash[:12]}"
