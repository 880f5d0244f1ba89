"""Template helpers of the change history: ``{{ obj|history_label }}`` is the model label
the History URL names (``/history/assessment.tool/5/``)."""

from django import template

register = template.Library()


@register.filter
def history_label(obj) -> str:
    return obj._meta.label_lower


@register.simple_tag(takes_context=True)
def history_rows(context, rows, show_object=False, may_restore=False):
    """The rows' ``<li>`` items, written in one pass (core/history/html.py)."""
    from core.history.html import rows_html

    return rows_html(
        rows or [],
        show_object=bool(show_object),
        may_restore=bool(may_restore),
        csrf_token=str(context.get("csrf_token") or ""),
        current_id=context.get("current_entry_id"),
    )
