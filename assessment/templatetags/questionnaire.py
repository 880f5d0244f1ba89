"""Template helpers for the questionnaire: framework texts in the current language,
answers shown as people read them."""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
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


def _answer_texts() -> list[tuple[str, str]]:
    return [
        ("data-saving-text", _("Saving…")),
        ("data-saved-text", _("Saved")),
        ("data-retrying-text", _("Not saved — retrying…")),
        (
            "data-failed-text",
            _(
                "Not saved: the server could not be reached. Your answer is still here; "
                "check your connection and press Retry."
            ),
        ),
        (
            "data-refused-text",
            _(
                "Not saved: you may not change this answer (or the assessment is now final). "
                "Reload the page to see the current answer."
            ),
        ),
        ("data-retry-label", _("Retry")),
    ]


def _note_texts() -> list[tuple[str, str]]:
    return [
        ("data-saving-text", _("Saving…")),
        ("data-saved-text", _("Saved")),
        ("data-retrying-text", _("Not saved — retrying…")),
        (
            "data-failed-text",
            _(
                "Not saved: the server could not be reached. Your note is still here; "
                "check your connection and press Retry."
            ),
        ),
        (
            "data-refused-text",
            _("Not saved: you may not change this note. Reload the page to see the current note."),
        ),
        ("data-retry-label", _("Retry")),
    ]


_SAVE_TEXTS: dict[tuple[str, str | None], str] = {}


@register.simple_tag
def save_texts(kind: str) -> str:
    """The autosave texts of a question's answer or note form (its data-* attributes).

    Built once per language: as twelve `{% translate %}` tags per question they were a
    sixth of a step page's rendering.
    """
    key = (kind, get_language())
    html = _SAVE_TEXTS.get(key)
    if html is None:
        texts = _answer_texts() if kind == "answer" else _note_texts()
        attrs = [f'{name}="{escape(text)}"' for name, text in texts]
        indent = "\n" + " " * (8 if kind == "answer" else 10)
        # the layout of the markup this replaced: the first two on one line
        html = " ".join(attrs[:2]) + indent + indent.join(attrs[2:])
        _SAVE_TEXTS[key] = html
    return mark_safe(html)  # escaped above


@register.simple_tag
def choice_inputs(bound_field, question_type: str) -> str:
    """A choice question's options (radio or checkbox, each with its label), in Python.

    The same markup as the template loop it replaced, written without a template node per
    option; the inputs still come from the form's own widgets (ids, checked, aria).
    """
    maturity = question_type == "maturity"
    css = "form-check maturity-level" if maturity else "form-check"
    out = []
    for number, choice in enumerate(bound_field, 1):
        level = f'<span class="level-number">{number}</span> ' if maturity else ""
        label_for = conditional_escape(choice.id_for_label)
        out.append(
            f'\n        <div class="{css}">\n'
            f"          {choice.tag()}\n"
            f'          <label class="form-check-label" for="{label_for}">'
            f"{level}<bdi>{conditional_escape(choice.choice_label)}</bdi></label>\n"
            "        </div>\n      "
        )
    return mark_safe("".join(out))  # escaped above
