"""Forms of the results pages: roadmap items, dismissing, thresholds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.inventory.forms import member_label
from assessment.models import FindingThresholds, RoadmapItem
from core.selectors import member_users


class RoadmapItemForm(forms.ModelForm):
    """Inline edit of an item (and the "Add item" form, which also asks for the step)."""

    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "description",
            "owner",
            "owned_by",
            "due_date",
            "horizon",
            "impact",
            "effort",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "owner": forms.TextInput(attrs={"list": "owner-suggestions", "autocomplete": "off"}),
        }

    def __init__(self, *args, with_step: bool = False, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is None and self.instance.organisation_id:
            organisation = self.instance.organisation
        owned_by = self.fields["owned_by"]
        owned_by.queryset = member_users(organisation).order_by("email")
        owned_by.label_from_instance = member_label
        owned_by.help_text = _("The member who owns the item; the owner above stays a label.")
        owned_by.error_messages["invalid_choice"] = _(
            "Choose a member of this organisation as the owner."
        )
        if self.instance.pk:
            # A generated text is edited as the reader sees it, in their language.
            self.initial["title"] = self.instance.title_text()
            self.initial["description"] = self.instance.description_text()
        prefix = f"item-{self.instance.pk}" if self.instance.pk else "new-item"
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_{prefix}-{name}")
        if with_step:
            self.fields["step"] = forms.ChoiceField(
                label=_("Step"),
                choices=[("", "—"), *RoadmapItem._meta.get_field("step").choices],
                required=False,
            )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why dismiss it?"),
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. out of scope this year")}),
    )


class MoveForm(forms.Form):
    horizon = forms.ChoiceField(
        choices=RoadmapItem._meta.get_field("horizon").choices, required=False
    )
    position = forms.IntegerField(required=False, min_value=0, max_value=100000)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)


class FindingThresholdsForm(forms.ModelForm):
    class Meta:
        model = FindingThresholds
        fields = list(FindingThresholds.ENGINE_FIELDS)
