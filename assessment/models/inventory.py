"""The three living inventories: tools, integrations between them, customer touchpoints.

Choice keys match assessment/data/taxonomy.yaml (the import/export vocabulary). Derived
values (utilisation, last day to cancel, cost per active user) are computed by the pure
core (assessment.inventory_core.derived), never stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.inventory_core import derived
from assessment.models.taxonomy import DataObject, ToolCategory, ToolSubcategory
from core.models import OrganisationScopedModel


class ToolStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRIAL = "trial", _("Trial")
    INACTIVE = "inactive", _("Inactive")
    RETIRED = "retired", _("Retired")


class Lifecycle(models.TextChoices):
    TOLERATE = "tolerate", _("Tolerate")
    INVEST = "invest", _("Invest")
    MIGRATE = "migrate", _("Migrate")
    ELIMINATE = "eliminate", _("Eliminate")
    EVALUATING = "evaluating", _("Evaluating")


class JourneyStage(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    ENGAGEMENT = "engagement", _("Engagement / consideration")
    PURCHASE = "purchase", _("Purchase / transaction")
    FULFILMENT = "fulfilment", _("Fulfilment / delivery")
    SERVICE = "service", _("Service & retention")
    ADVOCACY = "advocacy", _("Advocacy")


class DataSensitivity(models.TextChoices):
    PII = "pii", _("PII")
    INTERNAL = "internal", _("Internal")
    ANONYMISED = "anonymised", _("Anonymised")


class Authentication(models.TextChoices):
    SSO = "sso", _("SSO")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("One-way")
    TWO_WAY = "two_way", _("Two-way")


class IntegrationMethod(models.TextChoices):
    NATIVE = "native", _("Native connector")
    API = "api", _("Direct API")
    IPAAS = "ipaas", _("iPaaS")
    CDP = "cdp", _("CDP")
    WEBHOOK = "webhook", _("Webhook / event stream")
    FILE = "file", _("File / batch transfer")
    MANUAL = "manual", _("Manual (export-import by hand)")


class Frequency(models.TextChoices):
    REALTIME = "realtime", _("Real-time")
    HOURLY = "hourly", _("Hourly")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    AD_HOC = "ad_hoc", pgettext_lazy("frequency", "Ad hoc")


class IntegrationStatus(models.TextChoices):
    LIVE = "live", _("Live")
    PLANNED = "planned", _("Planned")
    BROKEN = "broken", _("Broken")
    DEPRECATED = "deprecated", _("Deprecated")


class Criticality(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Unreviewed")
    VERIFIED = "verified", _("Verified")
    FLAGGED = "flagged", _("Flagged")


class TouchpointChannel(models.TextChoices):
    WEB = "web", _("Website")
    MOBILE_APP = "mobile_app", _("Mobile app")
    EMAIL = "email", _("Email")
    SMS_PUSH = "sms_push", _("SMS / push")
    SOCIAL = "social", _("Social media")
    CHAT = "chat", _("Live chat / chatbot")
    PAID_MEDIA = "paid_media", _("Paid media")
    SEARCH = "search", _("Search")
    MARKETPLACE = "marketplace", _("Marketplace")
    IN_STORE = "in_store", _("In-store")
    SALES_REP = "sales_rep", _("Sales representative")
    CALL_CENTRE = "call_centre", _("Call centre")
    EVENTS = "events", _("Events")
    PARTNER = "partner", _("Partner / reseller")
    DIRECT_MAIL = "direct_mail", _("Direct mail")
    OTHER = "other", _("Other")


class Segment(models.TextChoices):
    NEW = "new", _("New customer")
    SWITCHING = "switching", _("Switching from a competitor")
    EXISTING = "existing", _("Existing customer")
    ALL = "all", _("All")


class Personalisation(models.TextChoices):
    NONE = "none", _("None")
    RULE_BASED = "rule_based", _("Rule-based")
    INDIVIDUAL = "individual", _("Individual")


def _score_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Tool(OrganisationScopedModel):
    name = models.CharField(_("name"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    #: The known product (assessment/discovery/ catalogue slug) this tool is, when picked
    #: from the catalogue or added from a discovery: how scans and findings recognise it
    #: whatever the tool is called here.
    catalogue_slug = models.CharField(_("known product"), max_length=200, blank=True, db_index=True)
    category = models.ForeignKey(
        ToolCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tools",
        verbose_name=_("category"),
    )
    subcategory = models.ForeignKey(
        ToolSubcategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tools",
        verbose_name=_("subcategory"),
    )
    plan_tier = models.CharField(_("plan tier"), max_length=200, blank=True)
    business_owner = models.CharField(_("business owner"), max_length=200, blank=True)
    owning_team = models.CharField(_("owning team"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ToolStatus.choices, default=ToolStatus.ACTIVE
    )
    annual_cost = models.DecimalField(
        _("annual cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="")
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    auto_renewal = models.BooleanField(_("auto-renewal"), null=True, blank=True)
    notice_period_days = models.PositiveIntegerField(
        _("notice period (days)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    licensed_seats = models.PositiveIntegerField(
        _("licensed seats"),
        null=True,
        blank=True,
        help_text=_("Leave blank or 0 for unlimited."),
    )
    active_users_30d = models.PositiveIntegerField(
        _("active users (30 days)"), null=True, blank=True
    )
    satisfaction = _score_field(_("satisfaction (1–5)"))
    lifecycle = models.CharField(
        _("lifecycle decision"), max_length=16, choices=Lifecycle.choices, blank=True
    )
    stages = models.JSONField(_("journey stages"), default=list, blank=True)
    data_sensitivity = models.CharField(
        _("data sensitivity"), max_length=16, choices=DataSensitivity.choices, blank=True
    )
    system_of_record = models.BooleanField(_("holds the customer profile"), null=True, blank=True)
    authentication = models.CharField(
        _("authentication"), max_length=16, choices=Authentication.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    #: The member who answers for the tool (issue 16): confirms its record, hears of its
    #: notice deadlines. ``business_owner`` stays as a free-text label (a team, a person
    #: outside Stackscope).
    owned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (member)"),
    )
    #: The owner's confirmation of the record (cost, seats, owner, lifecycle); an edit by
    #: someone else clears it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    #: The person (or the token's owner) whose page, API call or import last changed the row.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "organisation", name="unique_tool_name_ci"),
        ]
        indexes = [
            models.Index(fields=["organisation", "renewal_date"]),
            # the latest change in one seek: data_version runs on every cached page
            models.Index(fields=["organisation", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tool_detail", kwargs={"pk": self.pk})

    @property
    def utilisation(self) -> float | None:
        return derived.utilisation(self.active_users_30d, self.licensed_seats)

    @property
    def over_capacity(self) -> bool:
        return derived.over_capacity(self.active_users_30d, self.licensed_seats)

    @property
    def last_day_to_cancel(self):
        return derived.last_day_to_cancel(self.renewal_date, self.notice_period_days)

    @property
    def cost_per_active_user(self):
        return derived.cost_per_active_user(self.annual_cost, self.active_users_30d)

    def get_stages_display(self) -> list[str]:
        labels = dict(JourneyStage.choices)
        return [str(labels.get(s, s)) for s in self.stages or ()]


class Integration(OrganisationScopedModel):
    """A directed edge between two tools, and IT's review of it."""

    #: Fields whose change sends a reviewed integration back to "unreviewed".
    REVIEW_FIELDS = ("review_state", "reviewed_by", "reviewed_at", "review_note")

    source = models.ForeignKey(
        Tool, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Tool, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("target")
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.ONE_WAY
    )
    data_objects = models.ManyToManyField(
        DataObject, blank=True, related_name="integrations", verbose_name=_("data objects")
    )
    method = models.CharField(
        _("method"), max_length=16, choices=IntegrationMethod.choices, default="api"
    )
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=IntegrationStatus.choices,
        default=IntegrationStatus.LIVE,
    )
    criticality = models.CharField(
        _("criticality"), max_length=16, choices=Criticality.choices, blank=True
    )
    technical_owner = models.CharField(_("technical owner"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    #: The person (or the token's owner) whose page, API call or import last changed the row.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    review_state = models.CharField(
        _("review state"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.UNREVIEWED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["source__name", "target__name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "review_state"]),
            models.Index(fields=["organisation", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.source.name} → {self.target.name}"

    def get_absolute_url(self) -> str:
        return reverse("integration_detail", kwargs={"pk": self.pk})

    @property
    def automated(self) -> bool:
        return self.method != IntegrationMethod.MANUAL


class Touchpoint(OrganisationScopedModel):
    name = models.CharField(_("name"), max_length=200)
    stage = models.CharField(_("journey stage"), max_length=16, choices=JourneyStage.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=TouchpointChannel.choices)
    segment = models.CharField(
        _("segment"), max_length=16, choices=Segment.choices, default=Segment.ALL
    )
    personalisation = models.CharField(
        _("personalisation"),
        max_length=16,
        choices=Personalisation.choices,
        default=Personalisation.NONE,
    )
    human_handover = models.BooleanField(
        _("human hand-over available"),
        null=True,
        blank=True,
        help_text=_("For automated touchpoints (chatbots, IVR): can the customer reach a person?"),
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    tools = models.ManyToManyField(
        Tool, blank=True, related_name="touchpoints", verbose_name=_("tools")
    )
    ease = _score_field(_("ease (1–5)"))
    notes = models.TextField(_("notes"), blank=True)
    #: The person (or the token's owner) whose page, API call or import last changed the row.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["stage", "channel", "name"]
        indexes = [models.Index(fields=["organisation", "updated_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("touchpoint_detail", kwargs={"pk": self.pk})
