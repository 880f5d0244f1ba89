"""What an organisation chose when it last imported a file of a given shape: the column
and value mappings, applied again to the next file with the same headers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.models import LeasedJob, LeasedJobQuerySet, OrganisationQuerySet, OrganisationScopedModel


class ImportKind(models.TextChoices):
    TOOLS = "tools", _("tools")
    INTEGRATIONS = "integrations", _("integrations")
    TOUCHPOINTS = "touchpoints", _("touchpoints")


class ImportMapping(OrganisationScopedModel):
    """Column and value mappings remembered per organisation, inventory and header shape.

    `signature` is `inventory_core.columns.header_signature(headers)`: a hash of the set of
    normalised header titles, so the same sheet with its columns in another order (or its
    titles in another case) finds the same mappings. Written by
    `services.remember_import_mapping` when an import commits; read by
    `selectors.import_mapping`.
    """

    kind = models.CharField(_("inventory"), max_length=16, choices=ImportKind.choices)
    signature = models.CharField(_("header signature"), max_length=64)
    headers = models.JSONField(_("normalised headers"), default=list, blank=True)
    #: {normalised header: field key, or null for "ignore this column"}
    columns = models.JSONField(_("column mappings"), default=dict, blank=True)
    #: {field key: {value as typed: option key}}
    values = models.JSONField(_("value mappings"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last used by"),
    )

    class Meta:
        verbose_name = _("remembered import mapping")
        verbose_name_plural = _("remembered import mappings")
        ordering = ["kind", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "signature"], name="unique_import_mapping"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {', '.join(self.headers)[:80]}"


class ImportPreview(OrganisationScopedModel):
    """A file's rows and the person's choices between the preview's steps, in the database so
    that any app server can show or commit the preview another one started.

    `payload` is the session's JSON text (`imports.sessions.ImportSession`), not a JSONField:
    PostgreSQL's jsonb would reorder keys (the column order shown) and refuses `\\u0000`.
    Removed when the import commits or is cancelled, or a day after its last change
    (`imports.storage.cleanup_old_sessions`). The uploaded file itself is never kept.
    """

    token = models.UUIDField(_("token"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("inventory"), max_length=16, choices=ImportKind.choices)
    payload = models.TextField(_("preview data"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.token}"


class ImportJobStatus(models.TextChoices):
    """The values of `core.models.JobStatus` (queued/running/done/failed), worded for imports."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJobKind(models.TextChoices):
    #: Check and count what a commit would do, writing nothing (the API's dry run).
    PREVIEW = "preview", _("check only")
    COMMIT = "commit", _("import")
    #: Read a large upload and keep its preview (the upload page; `payload` says where the
    #: file is stored). Done: `token` is the preview's session.
    READ = "read", _("read the file")


#: Stored in `error` (English) when the worker died (core.jobs sweeps it); shown translated.
IMPORT_WORKER_LOST = gettext_noop(
    "The background worker stopped while importing this file; nothing was imported. "
    "Import it again."
)


class ImportJobQuerySet(OrganisationQuerySet, LeasedJobQuerySet):
    pass


class ImportJob(LeasedJob, OrganisationScopedModel):
    """A large import run by the task worker (`assessment.inventory.tasks`).

    Files with more rows than `IMPORT_SYNC_MAX_ROWS` are not committed in the request (it
    would outlast the web server's timeout): the session is stored, a job is queued and
    the person (or the API client) polls it. An upload above `IMPORT_SYNC_MAX_BYTES` is not
    even read in the request: a "read" job reads it into a session (its `token` once done)
    and the job page leads to the preview. Fields as on `ReportExport`: status,
    progress (0–100), error (a message for people, in `language`), started_at, finished_at.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    #: The API token of the call that queued it: the change history names it (with its
    #: owner) for the rows the worker writes, as it would have in the request.
    api_token = models.ForeignKey(
        "core.ApiToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("API token"),
    )
    inventory = models.CharField(_("inventory"), max_length=16, choices=ImportKind.choices)
    #: The `ImportSession` token: the file's rows and the person's choices (a read job's
    #: once it is done).
    token = models.CharField(_("session"), max_length=64, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ImportJobKind.choices, default=ImportJobKind.COMMIT
    )
    #: "web" (the import pages: a failed job leaves the preview to fix) or "api".
    source = models.CharField(_("source"), max_length=8, default="web")
    filename = models.CharField(_("file"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    #: {"created", "updated", "unchanged"} once done.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: A read job's input: {"file": name in default_storage, "name": the upload's name,
    #: "day_first": bool}; "file" is removed with the stored file when the job ends.
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    #: What blocked the rows, for the API: {"problems": [...], "rows": [...], "unresolved": [...]}.
    problems = models.JSONField(_("problems"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "inventory", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_inventory_display()} · {self.filename} · {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("inventory_import_job", kwargs={"inventory": self.inventory, "pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == ImportJobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportJobStatus.FAILED
