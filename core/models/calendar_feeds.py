"""A person's secret calendar address: the renewal calendar as an ICS feed (docs/renewals.md).

Calendar apps cannot sign in, so the token in the URL is the only key: it belongs to one
membership (a person in one organisation), is revocable, and dies with the membership.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    membership = models.ForeignKey(
        "core.Membership",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("membership"),
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, db_index=True, default=new_feed_token
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.membership} ({self.token[:6]}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
