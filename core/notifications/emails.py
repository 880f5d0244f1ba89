"""E-mails of notifications: one at once, or a person's daily digest; in the reader's
language, with absolute links to this site."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import EmailMode, Notification, NotificationPreference
from core.notifications.selectors import is_local_path
from core.notifications.texts import render_notification

logger = logging.getLogger(__name__)

#: A digest goes out at most once in this long (the command may run hourly).
DIGEST_INTERVAL = dt.timedelta(hours=23)
#: What a digest covers at most: the last day's un-e-mailed notifications.
DIGEST_WINDOW = dt.timedelta(days=1)


def site_url() -> str:
    """The site's base URL for links in e-mails: the ``SITE_URL`` setting (from the
    environment), else the first concrete ``ALLOWED_HOSTS`` entry."""
    url = getattr(settings, "SITE_URL", "")
    if url:
        return url.rstrip("/")
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            scheme = "http" if host in ("localhost", "127.0.0.1", "[::1]") else "https"
            return f"{scheme}://{host}"
    return "http://localhost"


def absolute(url: str) -> str:
    return site_url() + url if is_local_path(url) else site_url() + "/notifications/"


def language_for(user, organisation=None) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    languages = dict(settings.LANGUAGES)
    for code in (
        getattr(preference, "language", ""),
        getattr(organisation, "language", ""),
        settings.LANGUAGE_CODE,
    ):
        if code and code in languages:
            return code
    return settings.LANGUAGE_CODE


def _item(notification: Notification) -> dict:
    text = render_notification(notification)
    return {
        "notification": notification,
        "title": text.title,
        "body": text.body,
        "url": absolute(notification.url),
    }


def _send(*, user, subject: str, template: str, context: dict) -> None:
    context = {**context, "user": user, "site_url": site_url()}
    send_mail(
        subject=" ".join(subject.split())[:200],
        message=render_to_string(f"emails/{template}.txt", context),
        html_message=render_to_string(f"emails/{template}.html", context),
        from_email=None,
        recipient_list=[user.email],
    )


def send_one(notification_id: int) -> bool:
    """E-mail one notification, once: nothing if it was e-mailed already (a retried task,
    a digest that came first), or its person has no address."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient", "organisation")
            .filter(pk=notification_id, emailed_at=None)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        user = notification.recipient
        with translation.override(language_for(user, notification.organisation)):
            item = _item(notification)
            _send(
                user=user,
                subject=f"{item['title']} · {notification.organisation.name}",
                template="notification",
                context={"item": item, "organisation": notification.organisation},
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at", "updated_at"])
    return True


def digest_due(preference, now) -> bool:
    return preference.last_digest_at is None or preference.last_digest_at <= now - DIGEST_INTERVAL


def send_digest(preference: NotificationPreference, now=None) -> int:
    """One e-mail with the person's un-e-mailed notifications of the last day (kinds they
    muted left out); marks them e-mailed and the digest sent. Returns how many it listed."""
    now = now or timezone.now()
    user = preference.user
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, emailed_at=None, created_at__gte=now - DIGEST_WINDOW)
            .exclude(kind__in=preference.muted_kinds or [])
            .select_related("organisation")
            .order_by("organisation__name", "-created_at")
        )
        preference.last_digest_at = now
        preference.save(update_fields=["last_digest_at", "updated_at"])
        if not rows or not user.email:
            return 0
        with translation.override(language_for(user)):
            items = [_item(n) for n in rows]
            _send(
                user=user,
                subject=_("Your Stackscope digest: %(count)s notifications")
                % {"count": len(items)},
                template="notification_digest",
                context={"items": items},
            )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    return len(rows)


def send_digests(now=None) -> list[tuple[str, int]]:
    """Every daily-digest person whose last digest is ~a day old: (e-mail, count) sent."""
    now = now or timezone.now()
    sent = []
    for preference in NotificationPreference.objects.filter(
        email_mode=EmailMode.DAILY
    ).select_related("user"):
        if not preference.user.is_active or not digest_due(preference, now):
            continue
        count = send_digest(preference, now)
        if count:
            sent.append((preference.user.email, count))
    return sent
