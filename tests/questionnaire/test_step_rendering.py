"""The step page's fast paths: form classes built once, texts and options written in Python."""

from django.template import engines
from django.utils import translation

from assessment.questionnaire.forms import answer_form, answer_form_class
from assessment.questionnaire_core import load_default_framework


def _choice_question():
    framework = load_default_framework()
    return next(q for q in framework.questions() if q.type == "maturity")


def test_answer_form_class_is_built_once_per_question_and_language():
    question = _choice_question()
    with translation.override("en"):
        first = answer_form_class(question)
        assert answer_form_class(question) is first
    with translation.override("ro"):
        assert answer_form_class(question) is not first


def test_choice_inputs_write_what_the_template_loop_wrote():
    question = _choice_question()
    form = answer_form(question)
    loop = engines["django"].from_string(
        """{% for choice in field %}
        <div class="form-check maturity-level">
          {{ choice.tag }}
          <label class="form-check-label" for="{{ choice.id_for_label }}"><span class="level-number">{{ forloop.counter }}</span> <bdi>{{ choice.choice_label }}</bdi></label>
        </div>
      {% endfor %}"""  # noqa: E501
    )
    fast = engines["django"].from_string(
        "{% load questionnaire %}{% choice_inputs field 'maturity' %}"
    )
    context = {"field": form["value"]}
    assert fast.render(context) == loop.render(context)
    assert f'name="q-{question.key}-value"' in fast.render(context)


def test_save_texts_follow_the_language():
    template = engines["django"].from_string('{% load questionnaire %}{% save_texts "note" %}')
    with translation.override("en"):
        english = template.render({})
    with translation.override("ro"):
        romanian = template.render({})
    assert 'data-saved-text="Saved"' in english
    assert "Your note is still here" in english
    assert romanian != english
