"""Reads for notifications: one person's, in one organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import Notification


def notifications_for(user, organisation) -> QuerySet[Notification]:
    """The person's notifications in the organisation, newest first."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.for_organisation(organisation).filter(recipient=user)


def unread_count(user, organisation) -> int:
    return notifications_for(user, organisation).filter(read_at=None).count()


def notification_for(user, organisation, pk) -> Notification:
    """One of the person's notifications; anyone else's (or another organisation's) is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(notifications_for(user, organisation), pk=pk)


def is_local_path(url: str) -> bool:
    """A path of this site ("/tools/4/"), never another site ("//evil", "https://…")."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith("//")
        and not url.startswith("/\\")
        and "\n" not in url
        and "\r" not in url
    )
