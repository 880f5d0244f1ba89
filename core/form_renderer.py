"""A form renderer that writes Django's stock widgets in Python, byte for byte.

Django renders every widget through templates — an input is three nested templates, a radio
group one include per option — and that was most of the time of the questionnaire's step
pages (30 questions, ~150 options) and of the inventory forms. The stock widget templates
are fixed markup, so this renderer writes them directly and leaves every other template
(custom widgets, form and field layouts) to Django's template renderer.
`tests/core/test_form_renderer.py` compares the output with Django's own renderer.
"""

from __future__ import annotations

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"

# templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else
INPUTS = frozenset(
    W + name
    for name in (
        "input.html",
        "text.html",
        "email.html",
        "url.html",
        "number.html",
        "password.html",
        "hidden.html",
        "checkbox.html",
        "date.html",
        "datetime.html",
        "time.html",
        "search.html",
        "tel.html",
        "color.html",
    )
)
OPTIONS = frozenset({W + "radio_option.html", W + "checkbox_option.html"})
MULTIPLE = frozenset({W + "radio.html", W + "checkbox_select.html", W + "multiple_input.html"})
SELECTS = frozenset({W + "select.html"})
SELECT_OPTION = W + "select_option.html"
TEXTAREA = W + "textarea.html"


def _e(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape: Django's `conditional_escape`
    without its lazy-argument wrappers (a fifth of a step page's rendering)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(value if type(value) is str else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_e(name)}")
        else:
            out.append(f' {_e(name)}="{_e(value)}"')
    return "".join(out)


def _input(w: dict) -> str:
    """django/forms/widgets/input.html (without its trailing newline)"""
    value = "" if w["value"] is None else f' value="{_e(w["value"])}"'
    return f'<input type="{_e(w["type"])}" name="{_e(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _input_option(w: dict) -> str:
    """radio_option.html / checkbox_option.html as `{% include %}` writes them (untrimmed)."""
    if w.get("wrap_label"):
        label_id = w["attrs"].get("id")
        open_ = f'<label for="{_e(label_id)}">' if label_id else "<label>"
        return f"{open_}{_input(w)}\n {_e(w['label'])}</label>\n\n"
    return f"{_input(w)}\n\n\n"


def _multiple(w: dict) -> str | None:
    """django/forms/widgets/multiple_input.html"""
    attrs = w["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_e(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_e(attrs["class"])}"')
    out.append(">")
    for group, options, _index in w["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_e(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTIONS:
                return None
            out.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _select_option(w: dict) -> str:
    return f'<option value="{_e(w["value"])}"{_attrs(w["attrs"])}>{_e(w["label"])}</option>'


def _select(w: dict) -> str | None:
    """django/forms/widgets/select.html"""
    out = [f'<select name="{_e(w["name"])}"{_attrs(w["attrs"])}>']
    for group, options, _index in w["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_e(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            out.append(f"\n  {_select_option(option)}\n")
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(w: dict) -> str:
    value = _e(w["value"]) if w["value"] else ""
    return f'<textarea name="{_e(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the stock widget templates written in Python."""

    def render(self, template_name, context, request=None):
        html = None
        widget = context.get("widget") if template_name.startswith(W) else None
        if widget is not None:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name in OPTIONS:
                html = _input_option(widget).strip()
            elif template_name in MULTIPLE:
                html = _multiple(widget)
            elif template_name in SELECTS:
                html = _select(widget)
            elif template_name == SELECT_OPTION:
                html = _select_option(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)  # every value above is escaped
