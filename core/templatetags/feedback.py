"""``{% load feedback %}``: messages as toasts (core.feedback, templates/core/_messages.html)."""

from django import template

from core import feedback
from core.htmx import is_htmx

register = template.Library()


@register.filter
def toast(message) -> feedback.Toast:
    """``{% with t=message|toast %}``: the message's text, level, undo URL and row."""
    return feedback.toast(message)


@register.simple_tag(takes_context=True)
def page_path(context) -> str:
    """The page the member is looking at: where "Undo" comes back to. An htmx fragment's
    request is not that page; htmx names it (HX-Current-URL)."""
    request = context.get("request")
    if request is None:
        return ""
    if is_htmx(request):
        return request.htmx.current_url_abs_path or ""
    return request.get_full_path()
