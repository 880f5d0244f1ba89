"""In-app notifications and how each person wants to hear of them (issue 16).

A notification is stored once per person and event (``key``: the same event never
notifies twice, however often the code that spots it runs) with its kind and parameters,
not its text: the text is rendered in the reader's language when shown or e-mailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models.base import OrganisationScopedModel, TimeStampedModel


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Work assigned to you")
    DUE_SOON = "due_soon", _("Work due soon")
    OVERDUE = "overdue", _("Work overdue")
    REVIEW_REQUESTED = "review_requested", _("Integrations to review")
    FLAGGED = "flagged", _("Integration flagged")
    NOTICE_DEADLINE = "notice_deadline", _("Notice deadline approaching")
    CONFIRMATION_DUE = "confirmation_due", _("Tool record to confirm")
    REPORT_READY = "report_ready", _("Report ready")
    MENTION = "mention", _("Mentioned")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("In a daily digest")
    OFF = "off", _("Never (in the app only)")


class Notification(OrganisationScopedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    #: What the event is, stable across runs ("notice:tool-12:2027-01-31:30"): one per person.
    key = models.CharField(_("event"), max_length=200)
    #: The text's parameters (names, dates, counts), rendered in the reader's language.
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    #: When it went out by e-mail (at once or in a digest); null: not (yet).
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "organisation", "key"], name="notification_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind} · {self.key}"


class NotificationPreference(TimeStampedModel):
    """One person's choices: how e-mails come, and which kinds they want by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    #: Kinds the person does not want by e-mail (still in the app).
    muted_kinds = models.JSONField(_("kinds not e-mailed"), default=list, blank=True)
    #: The language of e-mails and feeds ("" : the organisation's).
    language = models.CharField(_("language"), max_length=10, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
