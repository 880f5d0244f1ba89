"""Writes for notifications: tell people about an event, once; mark read."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import EmailMode, Notification, NotificationKind, NotificationPreference
from core.services import ServiceError

logger = logging.getLogger(__name__)


def notify(
    *,
    organisation,
    recipients: Iterable,
    kind: str,
    key: str,
    params: dict | None = None,
    url: str = "",
    exclude=None,
) -> list[Notification]:
    """Tell each recipient (users; None and duplicates skipped; ``exclude``: the person who
    caused the event) about one event, identified by ``key`` ("assigned:12",
    "notice:tool-4:2027-01-31:30"). A person already told about that key is not told again,
    so callers may run as often as they like. Returns the notifications created now.

    ``params`` are the text's parameters (names, dates), rendered in the reader's language
    when shown or e-mailed; ``url`` is where the notification leads (a path of this site)."""
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                notification, new = Notification.objects.get_or_create(
                    recipient=user,
                    organisation=organisation,
                    key=key[:200],
                    defaults={"kind": kind, "params": params or {}, "url": url[:500]},
                )
        except IntegrityError:  # told at the same moment by another run
            continue
        if new:
            created.append(notification)
    if created:
        transaction.on_commit(lambda: _send(created))
    return created


def _send(notifications: list[Notification]) -> None:
    """Hand the e-mails of the people who want them at once to the task worker (the
    digest command sends the others); a queue outage never loses the in-app notification."""
    from core.notifications.tasks import send_notification_email

    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(
            user_id__in={n.recipient_id for n in notifications}
        )
    }
    for notification in notifications:
        if not wants_email_now(preferences.get(notification.recipient_id), notification.kind):
            continue
        try:
            send_notification_email.enqueue(notification.pk)
        except Exception:
            logger.exception("Could not queue the e-mail of notification %s", notification.pk)


def wants_email_now(preference, kind: str) -> bool:
    """At once: the default when the person chose nothing; never for a kind they muted."""
    if preference is None:
        return True
    return preference.email_mode == EmailMode.IMMEDIATE and kind not in (
        preference.muted_kinds or []
    )


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def mark_all_read(*, user, organisation) -> int:
    now = timezone.now()
    return (
        Notification.objects.for_organisation(organisation)
        .filter(recipient=user, read_at=None)
        .update(read_at=now, updated_at=now)
    )


def preference_for(user) -> NotificationPreference:
    """The person's preference row (unsaved defaults when they never chose)."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def save_preference(*, user, email_mode: str, muted_kinds, language: str = ""):
    if email_mode not in EmailMode.values:
        raise ServiceError(_("Choose how e-mails should come."))
    unknown = [k for k in muted_kinds if k not in NotificationKind.values]
    if unknown:
        raise ServiceError(_("Unknown kind of notification: %(kind)s") % {"kind": unknown[0]})
    if language and language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose one of the site's languages."))
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_mode": email_mode,
            "muted_kinds": sorted(set(muted_kinds)),
            "language": language,
        },
    )
    return preference
