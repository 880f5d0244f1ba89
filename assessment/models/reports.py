"""Report exports: one requested PDF, rendered now or by the task worker, kept for download."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import (
    LeasedJob,
    LeasedJobQuerySet,
    OrganisationQuerySet,
    OrganisationScopedModel,
    PaperSize,
)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


#: The paper sizes reports print on: the organisation's setting uses the same choices.
PageSize = PaperSize


class ReportExportQuerySet(OrganisationQuerySet, LeasedJobQuerySet):
    pass


class ReportExport(LeasedJob, OrganisationScopedModel):
    """A requested PDF; rendered in the request or by the worker under a lease (`LeasedJob`)."""

    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("assessment"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    sections = models.JSONField(_("sections"), default=list)
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    cache_key = models.CharField(_("content hash"), max_length=64, db_index=True)
    # What the data was at when the export was keyed (`report.ready.data_version`): a cheap
    # check that the ready copy is current, without building the report's content.
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    # Made in the background after the data changed (the ready copy), not asked for.
    automatic = models.BooleanField(_("prepared automatically"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size_bytes = models.PositiveIntegerField(_("size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        constraints = [
            # One ready copy waits at a time per assessment: the debounce (report.ready).
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(automatic=True, status="queued"),
                name="one_queued_ready_copy",
            )
        ]
        indexes = [models.Index(fields=["assessment", "automatic", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.page_size} · {self.language}"

    def get_absolute_url(self) -> str:
        return reverse("reportexport_detail", kwargs={"pk": self.pk})

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)

    @property
    def file_exists(self) -> bool:
        """Its file is in the storage (a file can be lost while its row stays)."""
        return bool(self.file) and self.file.storage.exists(self.file.name)

    @property
    def is_pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        stem = slugify(f"{self.assessment.title}-{self.page_size}-{self.language}") or "report"
        return f"{stem}.pdf"
