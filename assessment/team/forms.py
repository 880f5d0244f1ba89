"""The "Assign this step" form: members, optionally single questions, a due date, a note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.questionnaire.display import localised
from core.selectors import member_users

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return user.display_name


class AssignForm(forms.Form):
    assignees = MemberChoiceField(
        label=_("Members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )
    question_keys = forms.MultipleChoiceField(
        label=_("Questions"),
        required=False,
        help_text=_("Leave empty to assign the whole step."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organisation, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = member_users(organisation).order_by(
            "first_name", "email"
        )
        self.fields["question_keys"].choices = [
            (q.key, localised(q.text)) for q in step.questions()
        ]
