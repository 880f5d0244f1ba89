"""The renewal page's filters: which view, the list's horizon, the month shown, owner and
status. Anything unreadable falls back to its default and says so."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import ToolStatus
from assessment.renewals.calendar import DEFAULT_HORIZON, HORIZONS, parse_month

LIST, MONTH, QUARTER = "list", "month", "quarter"
VIEWS = ((LIST, _("List")), (MONTH, _("Month")), (QUARTER, _("Quarter")))


class RenewalFilterForm(forms.Form):
    view = forms.ChoiceField(label=_("View"), choices=VIEWS, required=False)
    days = forms.TypedChoiceField(
        label=_("Horizon"),
        choices=[(n, _("Next %(days)s days") % {"days": n}) for n in HORIZONS],
        coerce=int,
        required=False,
        empty_value=DEFAULT_HORIZON,
    )
    month = forms.CharField(label=_("Month"), required=False, max_length=7)
    owner = forms.ChoiceField(label=_("Business owner"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *ToolStatus.choices], required=False
    )

    def __init__(self, *args, owners: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Any")), *((o, o) for o in owners)]

    def clean_month(self):
        value = self.cleaned_data.get("month", "")
        if value and parse_month(value) is None:
            raise forms.ValidationError(_("Give a month as YYYY-MM, e.g. 2026-12."))
        return value

    def value(self, name: str, default=None):
        """The field's clean value, or the default when it is missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value
