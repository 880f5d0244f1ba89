"""The assessment form (create and edit; the page and the API validate with it)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assessment.assessments.services import DEFAULT_TARGET
from assessment.models import Assessment
from assessment.models.results import step_label
from assessment.questionnaire import selectors
from assessment.questionnaire.services import ensure_default_framework
from assessment.questionnaire_core import STEP_KEYS
from core.forms import OrganisationScopedFormMixin


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
