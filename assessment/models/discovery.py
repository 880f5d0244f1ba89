"""Discovery (issue 18): website scans and the tools they (or, later, SSO imports) found.

A `SiteScan` is a leased job (docs/tasks.md) that fetches a few pages of the organisation's
site and detects technologies with the catalogue's fingerprints (`assessment.discovery`).
Each technology found becomes a `DiscoveredTool`, one row per (organisation, source,
catalogue slug), kept across scans: a re-scan updates `last_seen_at`, or sets `gone_at`
when the technology is no longer seen. The member adds it to the inventory, links it to a
tool already there, or ignores it (`state`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.models import LeasedJob, LeasedJobQuerySet, OrganisationQuerySet, OrganisationScopedModel

#: What a member reads about a scan whose worker stopped (stored in English, shown translated).
SCAN_WORKER_LOST = gettext_noop(
    "The background worker stopped while scanning the website; start the scan again."
)


class ScanStatus(models.TextChoices):
    """The values of `core.models.JobStatus` (queued/running/done/failed), worded for scans."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Scanning")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DiscoverySource(models.TextChoices):
    """Where a discovered tool was seen: the website scan, or an SSO provider's app list."""

    WEBSITE = "website", _("Website scan")
    OKTA = "okta", _("Okta apps list")
    ENTRA = "entra", _("Microsoft Entra enterprise applications")
    GOOGLE = "google", _("Google Workspace OAuth apps")


class DiscoveredState(models.TextChoices):
    NEW = "new", _("New")
    ADDED = "added", _("Added to the stack")
    LINKED = "linked", _("Linked to a tool")
    IGNORED = "ignored", _("Ignored")


class SiteScanQuerySet(OrganisationQuerySet, LeasedJobQuerySet):
    pass


class SiteScan(LeasedJob, OrganisationScopedModel):
    """One scan of the organisation's site addresses, run by the task worker."""

    urls = models.JSONField(_("addresses"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    pages_visited = models.PositiveIntegerField(_("pages visited"), default=0)
    #: URL → the member-facing message of a page that could not be fetched.
    errors = models.JSONField(_("page errors"), default=dict, blank=True)
    out_of_time = models.BooleanField(_("ran out of time"), default=False)
    detected = models.PositiveIntegerField(_("technologies detected"), default=0)
    appeared = models.PositiveIntegerField(_("appeared"), default=0)
    disappeared = models.PositiveIntegerField(_("disappeared"), default=0)

    objects = SiteScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("website scan")
        verbose_name_plural = _("website scans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{', '.join(self.urls)} · {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("sitescan_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in (ScanStatus.QUEUED, ScanStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == ScanStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ScanStatus.FAILED


class DiscoveredTool(OrganisationScopedModel):
    """A technology a scan found, and the member's decision about it."""

    source = models.CharField(
        _("source"), max_length=16, choices=DiscoverySource.choices, default=DiscoverySource.WEBSITE
    )
    slug = models.SlugField(_("catalogue entry"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    #: [{"kind": "script", "detail": "https://…"}, …] (kind: a key the page translates).
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence"), default=100)
    version = models.CharField(_("version"), max_length=60, blank=True)
    subcategory = models.ForeignKey(
        "assessment.ToolSubcategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed subcategory"),
    )
    tool = models.ForeignKey(
        "assessment.Tool",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discoveries",
        verbose_name=_("matched tool"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DiscoveredState.choices, default=DiscoveredState.NEW
    )
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    last_scan = models.ForeignKey(
        SiteScan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discoveries",
        verbose_name=_("last scan"),
    )
    gone_at = models.DateTimeField(_("no longer seen since"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("discovered tool")
        verbose_name_plural = _("discovered tools")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "slug"], name="unique_discovered_tool"
            )
        ]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("discoveredtool_list") + f"#discovered-{self.pk}"

    @property
    def is_present(self) -> bool:
        return self.gone_at is None
