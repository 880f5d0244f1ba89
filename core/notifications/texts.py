"""The words of each notification kind, rendered from its parameters in the active language.

A notification stores its kind and parameters, never its text: the centre, the e-mail and
the API render it in the reader's language. A missing or extra parameter never fails a
page: a missing one reads as "…"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import NotificationKind


@dataclass(frozen=True)
class Text:
    title: str
    body: str


#: kind → (title, body); both are gettext strings with named placeholders.
TEXTS = {
    NotificationKind.ASSIGNED: (
        _("Work assigned to you"),
        _("%(assigner)s asked you to answer “%(what)s” of %(assessment)s by %(due)s"),
    ),
    NotificationKind.DUE_SOON: (
        _("Work due soon"),
        _("“%(what)s” of %(assessment)s is due on %(due)s"),
    ),
    NotificationKind.OVERDUE: (
        _("Work overdue"),
        _("“%(what)s” of %(assessment)s was due on %(due)s"),
    ),
    NotificationKind.REVIEW_REQUESTED: (
        _("Integrations to review"),
        _("Integrations waiting for your review: %(count)s"),
    ),
    NotificationKind.FLAGGED: (
        _("Integration flagged"),
        _("%(reviewer)s flagged the integration %(integration)s: %(note)s"),
    ),
    NotificationKind.NOTICE_DEADLINE: (
        _("Notice deadline approaching"),
        _("Last day to cancel %(tool)s: %(date)s (%(days)s days)"),
    ),
    NotificationKind.CONFIRMATION_DUE: (
        _("Tool record to confirm"),
        _("Please confirm the record of %(tool)s (cost, seats, owner, lifecycle)"),
    ),
    NotificationKind.REPORT_READY: (
        _("Report ready"),
        _("The report of %(assessment)s is ready to download"),
    ),
    NotificationKind.MENTION: (
        _("Mentioned"),
        _("%(author)s mentioned you in %(where)s: %(excerpt)s"),
    ),
}


class _Params(defaultdict):
    """Parameters for ``%``-formatting: a missing name reads as "…"."""

    def __missing__(self, key):
        return "…"


def _format(template, params) -> str:
    text = str(template)
    try:
        return text % _Params(None, {str(k): v for k, v in (params or {}).items()})
    except (TypeError, ValueError, KeyError):  # a broken translation or odd parameter
        return text


def render(kind: str, params: dict | None) -> Text:
    """The title and body of one notification in the active language."""
    if not isinstance(params, dict):
        params = {}
    title, body = TEXTS.get(kind, (None, None))
    if title is None:
        return Text(title=gettext("Notification"), body="")
    return Text(title=str(title), body=_format(body, params))


def render_notification(notification) -> Text:
    return render(notification.kind, notification.params)
