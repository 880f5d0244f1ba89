"""Template helpers for the questionnaire: framework texts in the current language,
answers shown as people read them."""

from django import template
from django.utils.translation import gettext as _

from assessment.questionnaire.display import answer_text, localised

register = template.Library()


@register.filter
def tr(text) -> str:
    """A framework Text in the current language (English fallback)."""
    return localised(text)


@register.filter
def answer_display(answer, question) -> str:
    """A stored answer as text (`questionnaire.display.answer_text`, one wording everywhere)."""
    if answer is None or not answer.has_answer:
        return _("No answer")
    return answer_text(question, answer.value, state="na" if answer.is_na else "answered")


@register.simple_tag
def step_url(assessment, step) -> str:
    from django.urls import reverse

    return reverse("assessment_step", kwargs={"pk": assessment.pk, "step": step.key})
