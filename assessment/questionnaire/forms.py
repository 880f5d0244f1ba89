"""Forms: one answer form per question type (a factory), notes, and the framework upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessment.models import Answer
from assessment.questionnaire.services import NOTE_MAX_LENGTH
from assessment.questionnaire_core import Question
from assessment.questionnaire_core import schema as s

UPLOAD_MAX_BYTES = 1024 * 1024


# -- answers -------------------------------------------------------------------------------


class BaseAnswerForm(forms.Form):
    """Common fields: the version the edit is based on, and "not applicable"."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    question: Question

    def raw_value(self):
        name = self.add_prefix("value")
        if self.question.type == s.MULTIPLE_CHOICE:
            return self.data.getlist(name)
        return self.data.get(name, "")

    def base(self) -> int:
        try:
            return max(0, int(self.data.get(self.add_prefix("base_version"), 0)))
        except (TypeError, ValueError):
            return 0

    def is_na(self) -> bool:
        return bool(self.data.get(self.add_prefix("na")))


def _text(text, lang) -> str:
    return text.get(lang) if text is not None else ""


# (id(question), lang) -> (question, form class). Frameworks are parsed once per process
# (questionnaire_core.cache), so their questions are the same objects on every request;
# building a form class costs ~2 ms (Django's form metaclass), ×30 questions on a step page.
_FORM_CLASSES: dict[tuple[int, str], tuple[Question, type]] = {}
_FORM_CLASSES_MAX = 4096


def answer_form_class(question: Question, lang: str | None = None) -> type[BaseAnswerForm]:
    """A form class for one question (built once per question and language)."""
    lang = lang or get_language()
    key = (id(question), lang)
    cached = _FORM_CLASSES.get(key)
    if cached is not None and cached[0] is question:
        return cached[1]
    if len(_FORM_CLASSES) >= _FORM_CLASSES_MAX:
        _FORM_CLASSES.clear()
    form_class = _build_answer_form_class(question, lang)
    _FORM_CLASSES[key] = (question, form_class)
    return form_class


def _build_answer_form_class(question: Question, lang: str) -> type[BaseAnswerForm]:
    """A form class for one question, its `value` field fitting the question type."""
    kind = question.type
    common = {"label": _text(question.text, lang), "required": False}
    if kind == s.MATURITY:
        field = forms.TypedChoiceField(
            choices=[(lvl.value, _text(lvl.text, lang)) for lvl in question.levels],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            coerce=int,
            **common,
        )
    elif kind == s.YES_PARTLY_NO:
        field = forms.ChoiceField(
            choices=[("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No"))],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            **common,
        )
    elif kind == s.SINGLE_CHOICE:
        field = forms.ChoiceField(
            choices=[(c.key, _text(c.label, lang)) for c in question.choices],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            **common,
        )
    elif kind == s.MULTIPLE_CHOICE:
        field = forms.MultipleChoiceField(
            choices=[(c.key, _text(c.label, lang)) for c in question.choices],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            **common,
        )
    elif kind in (s.NUMBER, s.PERCENTAGE):
        attrs = {"inputmode": "decimal", "autocomplete": "off"}
        if question.min is not None:
            attrs["min"] = f"{question.min:g}"
        if question.max is not None:
            attrs["max"] = f"{question.max:g}"
        field = forms.CharField(widget=forms.TextInput(attrs=attrs), **common)
    elif kind == s.LONG_TEXT:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": s.TEXT_MAX_LENGTH[kind]}),
            **common,
        )
    else:
        field = forms.CharField(
            widget=forms.TextInput(attrs={"maxlength": s.TEXT_MAX_LENGTH[s.SHORT_TEXT]}),
            **common,
        )
    attrs = {"value": field, "question": question}
    if question.allow_na:
        attrs["na"] = forms.BooleanField(label=_("Not applicable"), required=False)
    return type(f"AnswerForm_{kind}", (BaseAnswerForm,), attrs)


def answer_initial(answer: Answer | None) -> dict:
    if answer is None:
        return {"base_version": 0}
    value = answer.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"value": value, "na": answer.is_na, "base_version": answer.version}


def _posted(data, prefix: str, overrides: dict):
    """The posted data with `overrides` put in for the prefixed fields (a copy if any)."""
    if overrides:
        data = data.copy()
        for name, value in overrides.items():
            data[f"{prefix}-{name}"] = value
    return data


def answer_form(question: Question, *, answer: Answer | None = None, data=None, **overrides):
    """A bound (data) or initial (stored answer) form for a question."""
    form_class = answer_form_class(question)
    prefix = f"q-{question.key}"
    if data is not None:
        return form_class(data=_posted(data, prefix, overrides), prefix=prefix)
    return form_class(initial={**answer_initial(answer), **overrides}, prefix=prefix)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def base(self) -> int:
        try:
            return max(0, int(self.data.get(self.add_prefix("base_version"), 0)))
        except (TypeError, ValueError):
            return 0


def note_form(question: Question, *, answer: Answer | None = None, data=None, **overrides):
    prefix = f"n-{question.key}"
    if data is not None:
        return NoteForm(data=_posted(data, prefix, overrides), prefix=prefix)
    initial = {"note": answer.note if answer else "", "base_version": 0}
    if answer is not None:
        initial["base_version"] = answer.note_version
    return NoteForm(initial={**initial, **overrides}, prefix=prefix)


# -- frameworks ----------------------------------------------------------------------------


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file (YAML)"),
        help_text=_("A .yaml file in the framework format; see the documentation."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 1 MB)."))
        raw = upload.read()
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as UTF-8 and upload it again.")
            ) from None
        return upload
