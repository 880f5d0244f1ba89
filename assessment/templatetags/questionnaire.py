"""Template helpers for the questionnaire: framework texts in the current language,
answers shown as people read them."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.framework import schema as s

register = template.Library()


@register.filter
def tr(text) -> str:
    """A framework Text in the current language (English fallback)."""
    if text is None:
        return ""
    return text.get(get_language()) if hasattr(text, "get") else str(text)


@register.filter
def answer_display(answer, question) -> str:
    """A stored answer as text: level, option labels, number with unit."""
    if answer is None or not answer.has_answer:
        return _("No answer")
    if answer.is_na:
        return _("Not applicable")
    lang = get_language()
    value = answer.value
    kind = question.type
    if kind == s.MATURITY:
        level = next((lvl for lvl in question.levels if lvl.value == value), None)
        text = level.text.get(lang) if level else ""
        return _("Level %(n)s: %(text)s") % {"n": value, "text": text}
    if kind == s.YES_PARTLY_NO:
        return {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}.get(value, str(value))
    if kind in s.CHOICE_TYPES:
        keys = value if isinstance(value, list) else [value]
        labels = [c.label.get(lang) for c in question.choices if c.key in keys]
        return ", ".join(labels)
    if kind in s.BANDED_TYPES:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        if kind == s.PERCENTAGE:
            return f"{shown}%"
        unit = question.unit.get(lang) if question.unit else ""
        return f"{shown} {unit}".strip()
    return str(value)


@register.simple_tag
def step_url(assessment, step) -> str:
    from django.urls import reverse

    return reverse("assessment_step", kwargs={"pk": assessment.pk, "step": step.key})
