"""Per-user API tokens: named, shown once, stored hashed, revocable, with last use."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.base import TimeStampedModel

TOKEN_PREFIX = "ssk_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TimeStampedModel):
    """A token acts as its user, inside the organisation it was created in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.key_id}…)"

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        """Return (full token, key id, hash). Only the hash is stored."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = f"{TOKEN_PREFIX}{key_id}_{secret}"
        return token, key_id, hash_secret(token)

    @staticmethod
    def split(token: str) -> str | None:
        """The key id of a presented token, or None when it is not one of ours."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        key_id, sep, _secret = token[len(TOKEN_PREFIX) :].partition("_")
        return key_id if sep and key_id else None

    def matches(self, token: str) -> bool:
        return secrets.compare_digest(self.key_hash, hash_secret(token))

    def touch(self) -> None:
        """Record use, at most once a minute, so busy scripts don't write on every call."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
