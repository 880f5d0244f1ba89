"""Writes for notifications: tell people about an event, once; mark read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from core.models import Notification, NotificationKind


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
    digest command sends the others). Filled in by the e-mail part (issue 16)."""
    return None
