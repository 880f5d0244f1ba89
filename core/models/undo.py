"""Undo tokens: what one action changed, kept a few minutes so its author can take it back
(core.undo)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UndoToken(models.Model):
    """One undoable action of one member in one organisation: a kind ("inventory.delete",
    "roadmap.dismiss", "integration.review"), the state to bring back (``payload``), and a
    short life. Used once at most."""

    key = models.CharField(_("key"), max_length=43, unique=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("undo token")
        verbose_name_plural = _("undo tokens")

    def __str__(self) -> str:
        return f"{self.kind} ({self.key[:8]}…)"
