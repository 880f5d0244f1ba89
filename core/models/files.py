"""Files kept in the database (core.storage.DatabaseStorage): the default storage, shared by
every app server without an extra service."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One stored file: its storage name (e.g. `reports/2026/12/board.pdf`) and its bytes.

    Written once and never changed (a new file gets a new name), so there is no update time.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveBigIntegerField(_("size"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
