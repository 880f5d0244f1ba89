"""The history rows' HTML, written in one pass (as the lists' cells and the roadmap's cards
are, docs/performance.md): a template loop with an include, a translation and a date filter
per row and per change cost more than the Activity page's 3× budget allows. The markup is
that of ``templates/core/_history_rows.html``'s rows; every value is escaped here."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history.display import EntryRow

#: A created or deleted row's values are folded beyond this many (the page stays a list).
FOLD_AFTER = 4


#: The numeric format characters every language's short date-and-time uses (core/formats).
_NUMERIC = {
    "Y": lambda m: f"{m.year:04d}",
    "y": lambda m: f"{m.year % 100:02d}",
    "m": lambda m: f"{m.month:02d}",
    "n": lambda m: str(m.month),
    "d": lambda m: f"{m.day:02d}",
    "j": lambda m: str(m.day),
    "H": lambda m: f"{m.hour:02d}",
    "G": lambda m: str(m.hour),
    "i": lambda m: f"{m.minute:02d}",
    "s": lambda m: f"{m.second:02d}",
}


def short_datetime_formatter():
    """The active language's SHORT_DATETIME_FORMAT as a function of a local datetime.

    ``formats.date_format`` per row is a tenth of the Activity page's time; the languages'
    short formats (core/formats) use only numbers, which this writes directly. Any other
    format character (a month's name, an escape) falls back to Django's formatter."""
    pattern = formats.get_format("SHORT_DATETIME_FORMAT")
    if "\\" in pattern or any(ch.isalpha() and ch not in _NUMERIC for ch in pattern):
        return lambda moment: dateformat.format(moment, pattern)
    parts = [_NUMERIC.get(ch, ch) for ch in pattern]

    def write(moment) -> str:
        return "".join(part(moment) if callable(part) else part for part in parts)

    return write


def rows_html(
    rows: list[EntryRow],
    *,
    show_object: bool = False,
    may_restore: bool = False,
    csrf_token: str = "",
    current_id: int | None = None,
) -> SafeString:
    """``current_id``: the object's newest entry — the version it is in, so nothing to
    restore; every earlier one with a snapshot (created or changed) offers its restore."""
    escaped: dict[str, str] = {}  # a page repeats its people, labels and values

    def _e(value) -> str:
        text = str(value)
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape(text, quote=True)
        return found

    if not rows:
        return mark_safe(
            '<li class="list-group-item text-body-secondary" data-testid="history-empty">'
            f"{_e(_('No changes recorded yet.'))}</li>"
        )
    to = _e(_("to"))
    added, removed, empty = _e(_("added")), _e(_("removed")), _e(_("(empty)"))
    restore_label = _e(_("Restore this version"))
    confirm = _e(_("Restore this version? The current values are kept in the history."))
    through_text, via_text = _("through %(source)s"), _("via import %(file)s")
    short_datetime = short_datetime_formatter()
    import_url = reverse("activity_detail", args=[0])[: -len("0/")]
    restore_url = reverse("history_restore", args=[0])[: -len("0/restore/")]
    out = []
    for row in rows:
        e = row.entry
        moment = timezone.localtime(e.timestamp)
        when = short_datetime(moment)
        if row.via_import:
            through = via_text % {"file": row.via_import}
        else:
            through = through_text % {"source": row.through}
        if row.is_import:
            what = (
                f'<a href="{import_url}{e.pk}/" data-testid="history-import">'
                f"{_e(row.import_summary)}</a>"
            )
        else:
            what = f"<span>{_e(row.action)}</span>"
            if show_object:
                what += f' <span class="text-body-secondary">{_e(row.kind)}</span> '
                if row.object_url:
                    what += (
                        f'<a href="{_e(row.object_url)}" data-testid="history-object">'
                        f"{_e(row.object_repr)}</a>"
                    )
                else:
                    what += f'<span data-testid="history-object">{_e(row.object_repr)}</span>'
        out.append(
            f'<li class="list-group-item history-entry" data-testid="history-entry" '
            f'id="history-{e.pk}"><div class="d-flex flex-wrap justify-content-between gap-2">'
            f'<div><strong data-testid="history-who">{_e(row.who)}</strong> {what}</div>'
            f'<div class="small text-body-secondary text-nowrap">'
            f'<time datetime="{moment.isoformat()}">{_e(when)}</time> · '
            f'<span data-testid="history-through">{_e(through)}</span></div></div>'
        )
        folded = e.action != 1 and len(row.changes) > FOLD_AFTER  # a created row's values
        if folded:
            count = ngettext("%(n)s value", "%(n)s values", len(row.changes)) % {
                "n": len(row.changes)
            }
            out.append(f'<details class="history-values small"><summary>{_e(count)}</summary>')
        if row.changes:
            out.append('<ul class="history-changes small mb-0" data-testid="history-changes">')
            for c in row.changes:
                label = f'<span class="history-field">{_e(c.label)}</span>: '
                if c.is_m2m:
                    parts = []
                    if c.added:
                        names = _e(", ".join(c.added))
                        parts.append(f'{added} <span class="history-new">{names}</span>')
                    if c.removed:
                        names = _e(", ".join(c.removed))
                        parts.append(f'{removed} <del class="history-old">{names}</del>')
                    out.append(f"<li>{label}{'; '.join(parts)}</li>")
                    continue
                old = ""
                if c.old:
                    old = (
                        f'<del class="history-old">{_e(c.old)}</del> '
                        '<span aria-hidden="true" class="flip-rtl d-inline-block">→</span>'
                        f'<span class="visually-hidden">{to}</span> '
                    )
                new = _e(c.new) if c.new else empty
                out.append(f'<li>{label}{old}<span class="history-new">{new}</span></li>')
            out.append("</ul>")
        if folded:
            out.append("</details>")
        if may_restore and e.action in (0, 1) and e.serialized_data and e.pk != current_id:
            out.append(
                f'<form method="post" action="{restore_url}{e.pk}/restore/" class="mt-1" '
                f'data-confirm="{confirm}"><input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{_e(csrf_token)}"><button type="submit" class="btn btn-sm '
                f'btn-outline-secondary" data-testid="history-restore">{restore_label}'
                "</button></form>"
            )
        out.append("</li>")
    return mark_safe("".join(out))
