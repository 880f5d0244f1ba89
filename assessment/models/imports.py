"""What an organisation chose when it last imported a file of a given shape: the column
and value mappings, applied again to the next file with the same headers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OrganisationScopedModel


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
