"""Feedback for every action: Django messages shown as toasts (templates/core/_messages.html,
static/js/feedback.js), some carrying an "Undo" button (core.undo) or the row to highlight.

    feedback.success(request, _("Deleted %(name)s.") % {...}, undo=token)
    feedback.success(request, _("Added %(object)s.") % {...}, highlight=tool.pk)

The undo key and the row travel in the message's ``extra_tags`` ("undo undo:<key>
highlight:<pk>"), so they survive the cookie or session storage between a redirect and the
page that shows them; ``toast(message)`` reads them back for the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.urls import reverse

#: Seconds a toast stays: plain, with an Undo button. Errors and warnings stay until closed.
DELAY = 6
DELAY_WITH_UNDO = 10

_UNDO = "undo:"
_HIGHLIGHT = "highlight:"


def success(request, text: str, *, undo=None, highlight: int | None = None) -> None:
    """Say an action succeeded; ``undo``: its UndoToken; ``highlight``: the pk of the list
    row it added or brought back."""
    tags = []
    if undo is not None:
        tags += ["undo", f"{_UNDO}{undo.key}"]
    if highlight is not None:
        tags.append(f"{_HIGHLIGHT}{int(highlight)}")
    messages.success(request, text, extra_tags=" ".join(tags))


def error(request, text: str) -> None:
    messages.error(request, text)


@dataclass(frozen=True)
class Toast:
    text: str
    level: str  # success, info, warning, error
    undo_url: str = ""
    highlight: str = ""

    @property
    def persistent(self) -> bool:
        """Errors and warnings stay until closed (and are announced at once)."""
        return self.level in ("error", "warning")

    @property
    def delay(self) -> int:
        """Milliseconds before a toast hides itself."""
        return 1000 * (DELAY_WITH_UNDO if self.undo_url else DELAY)

    @property
    def colour(self) -> str:
        """The Bootstrap colour of the level."""
        return {"error": "danger"}.get(self.level, self.level)


def toast(message) -> Toast:
    """A stored message, as the toast template shows it."""
    undo_url = highlight = ""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(_UNDO) and len(tag) > len(_UNDO):
            undo_url = reverse("undo", kwargs={"key": tag[len(_UNDO) :]})
        elif tag.startswith(_HIGHLIGHT) and tag[len(_HIGHLIGHT) :].isdigit():
            highlight = tag[len(_HIGHLIGHT) :]
    level = message.level_tag or "info"
    if level == "debug":
        level = "info"
    return Toast(text=str(message), level=level, undo_url=undo_url, highlight=highlight)
