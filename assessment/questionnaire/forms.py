"""Forms: assessment create/edit, one answer form per question type (a factory), notes,
and the framework upload."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessment.framework import STEP_KEYS, Question
from assessment.framework import schema as s
from assessment.models import Answer, Assessment
from assessment.questionnaire import selectors
from assessment.questionnaire.display import step_label
from assessment.questionnaire.services import (
    DEFAULT_TARGET,
    NOTE_MAX_LENGTH,
    ensure_default_framework,
)
from core.forms import OrganisationScopedFormMixin

UPLOAD_MAX_BYTES = 1024 * 1024


# -- assessments ---------------------------------------------------------------------------


def target_field_name(step_key: str) -> str:
    return f"target_{step_key}"


class AssessmentForm(OrganisationScopedFormMixin, forms.ModelForm):
    """Create and edit an assessment; the framework is chosen once and then pinned."""

    class Meta:
        model = Assessment
        fields = [
            "title",
            "framework_version",
            "period_start",
            "period_end",
            "status",
            "description",
            "participants",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        creating = self.instance.pk is None
        users = get_user_model().objects.filter(memberships__organisation=organisation)
        self.fields["participants"].queryset = users.order_by("first_name", "email").distinct()
        self.fields["participants"].label_from_instance = lambda user: user.display_name
        self.fields["participants"].required = False
        if creating:
            ensure_default_framework()  # registered lazily on first use
            del self.fields["status"]
            self.fields["start_from"] = forms.ModelChoiceField(
                label=_("Start from the answers of"),
                queryset=Assessment.objects.for_organisation(organisation)
                .filter(archived_at__isnull=True)
                .order_by("-created_at", "-pk"),
                required=False,
                empty_label=_("Nothing: start empty"),
                help_text=_(
                    "Copies the answers and notes of a previous assessment (questions the "
                    "chosen framework still has). The dashboard compares with the last final one."
                ),
            )
            field = self.fields["framework_version"]
            field.queryset = selectors.framework_versions_for(organisation)
            field.initial = selectors.default_framework_version(organisation)
            field.empty_label = None
            field.help_text = _("An assessment keeps this framework version for good.")
        else:
            del self.fields["framework_version"]
            # Draft → in review → final; final is read-only, so it is chosen deliberately.
            self.fields["status"].help_text = _("A final assessment can no longer be changed.")
        targets = self.instance.targets or {}
        for step in STEP_KEYS:
            self.fields[target_field_name(step)] = forms.IntegerField(
                label=_("Target: %(step)s") % {"step": step_label(step)},
                min_value=0,
                max_value=100,
                initial=targets.get(step, DEFAULT_TARGET),
                help_text=_("0–100"),
            )

    @property
    def target_fields(self):
        return [self[target_field_name(step)] for step in STEP_KEYS]

    @property
    def main_fields(self):
        return [f for f in self if not f.name.startswith("target_")]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def cleaned_targets(self) -> dict[str, int]:
        return {step: self.cleaned_data[target_field_name(step)] for step in STEP_KEYS}

    def service_fields(self) -> dict:
        """The cleaned form as keyword arguments of `services.create_assessment` (a new
        assessment) or `services.update_assessment`: the page and the API both pass this
        to the same service, with the acting user (one code path for both)."""
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
            "description": data.get("description", ""),
            "targets": self.cleaned_targets(),
            "participants": data.get("participants") or [],
        }
        if "framework_version" in self.fields:  # creating: chosen once
            fields["framework_version"] = data["framework_version"]
            fields["start_from"] = data.get("start_from")
        else:
            fields["status"] = data["status"]
        return fields


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


def answer_form_class(question: Question, lang: str | None = None) -> type[BaseAnswerForm]:
    """A form class for one question, its `value` field fitting the question type."""
    lang = lang or get_language()
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


def answer_form(question: Question, *, answer: Answer | None = None, data=None, **overrides):
    """A bound (data) or initial (stored answer) form for a question."""
    form_class = answer_form_class(question)
    prefix = f"q-{question.key}"
    if data is not None:
        if overrides:
            data = data.copy()
            for name, value in overrides.items():
                data[f"{prefix}-{name}"] = value
        return form_class(data=data, prefix=prefix)
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
        if overrides:
            data = data.copy()
            for name, value in overrides.items():
                data[f"{prefix}-{name}"] = value
        return NoteForm(data=data, prefix=prefix)
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
