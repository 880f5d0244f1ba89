"""Template helpers available in every template (registered as a builtin in settings)."""

import unicodedata

from django import template

from core.dates import printed_date
from core.icons import icon
from core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """`{% can "tool.change" tool as may_edit %}`: ask the permission layer from a template."""
    request = context.get("request")
    return can_do(getattr(request, "membership", None), action, obj)


@register.filter
def text_dir(value) -> str:
    """ "ltr" or "rtl" from the first strong character (the rule browsers apply for
    ``dir="auto"``), "auto" when there is none. WeasyPrint ignores ``dir="auto"``, so the PDF
    gives text that may be in another language than the report (an English tool name or note
    in an Arabic report) its direction explicitly: its punctuation then stays in place."""
    for char in str(value or ""):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


@register.filter
def iso_date(value) -> str:
    """An ISO date or date-time (as the report data keeps them) as a date a reader expects."""
    return printed_date(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    """0.42 → "42%"; None → "—" (unknown is not zero)."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def width_class(value) -> str:
    """37 → "w-pct-37": a bar's width as a class (app.css), since the CSP allows no style=""
    attributes. Rounded and clamped to 0–100; anything unreadable is 0."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"w-pct-{min(max(number, 0), 100)}"


def _widget_class(widget) -> str:
    input_type = getattr(widget, "input_type", "")
    if input_type in {"checkbox", "radio"}:
        return "form-check-input"
    if input_type == "select" or widget.__class__.__name__.endswith("Select"):
        return "form-select"
    if input_type == "range":
        return "form-range"
    return "form-control"


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with Bootstrap classes and accessible error links."""
    widget = bound_field.field.widget
    css = [_widget_class(widget), widget.attrs.get("class", "")]
    attrs = {}
    if bound_field.errors:
        css.append("is-invalid")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    attrs["class"] = " ".join(c for c in css if c)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    """A single checkbox (a group of them is `is_checkbox_group`)."""
    widget = bound_field.field.widget
    return getattr(widget, "input_type", "") == "checkbox" and not widget.allow_multiple_selected


@register.filter
def is_checkbox_group(bound_field) -> bool:
    widget = bound_field.field.widget
    return getattr(widget, "input_type", "") == "checkbox" and widget.allow_multiple_selected


@register.filter
def checkbox_options(bound_field):
    """The options of a checkbox group, each input styled as a Bootstrap check."""
    widget = bound_field.field.widget
    classes = widget.attrs.get("class", "").split()
    if "form-check-input" not in classes:
        widget.attrs["class"] = " ".join([*classes, "form-check-input"])
    if bound_field.errors:
        widget.attrs["aria-invalid"] = "true"
    return bound_field.subwidgets


@register.simple_tag(name="icon")
def icon_tag(name: str, label: str = "", css_class: str = ""):
    """``{% icon "search" %}``: a vendored Bootstrap icon, inline (core/icons.py)."""
    return icon(name, label, css_class)
