"""Forms of the inventory pages. Saving goes through services (see views)."""

import re
from urllib.parse import urlsplit

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from assessment.discovery import catalogue
from assessment.inventory.widgets import SubcategorySelect
from assessment.models import (
    DataObject,
    Integration,
    JourneyStage,
    ReviewState,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.forms import OrganisationScopedFormMixin
from core.selectors import member_users


def member_label(user) -> str:
    """A member as the owner choices show them: name and e-mail."""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} <{user.email}>" if name else user.email


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ToolForm(OrganisationScopedFormMixin, forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label=_("Journey stages"),
        choices=JourneyStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Tool
        fields = [
            "name",
            "catalogue_slug",
            "vendor",
            "website",
            "description",
            "category",
            "subcategory",
            "plan_tier",
            "business_owner",
            "owned_by",
            "owning_team",
            "status",
            "annual_cost",
            "currency",
            "contract_start",
            "renewal_date",
            "auto_renewal",
            "notice_period_days",
            "licensed_seats",
            "active_users_30d",
            "satisfaction",
            "lifecycle",
            "stages",
            "data_sensitivity",
            "system_of_record",
            "authentication",
            "notes",
        ]
        widgets = {
            # The name offers known products as one types (WAI-ARIA combobox; the listbox is
            # in object_form.html, the options come from views/catalogue.py, the pick fills
            # the empty fields in static/js/typeahead.js).
            "name": forms.TextInput(
                attrs={
                    "role": "combobox",
                    "aria-autocomplete": "list",
                    "aria-expanded": "false",
                    "aria-controls": "id_name-listbox",
                    "autocomplete": "off",
                    "data-typeahead": "",
                    "hx-get": reverse_lazy("tool_catalogue_search"),
                    "hx-trigger": "input changed delay:200ms",
                    "hx-sync": "this:replace",
                    "hx-target": "#id_name-listbox",
                    "hx-swap": "innerHTML",
                }
            ),
            # Set by picking a known product in the name's typeahead (static/js/typeahead.js
            # clears it when the name is then typed over).
            "catalogue_slug": forms.HiddenInput(attrs={"data-catalogue-slug": ""}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "subcategory": SubcategorySelect,
            "contract_start": DATE,
            "renewal_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "auto_renewal": forms.NullBooleanSelect,
            "system_of_record": forms.NullBooleanSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owned_by = self.fields["owned_by"]
        owned_by.queryset = member_users(self.organisation).order_by("email")
        owned_by.label_from_instance = member_label
        owned_by.help_text = _(
            "The member who answers for this tool: confirms its record and hears of its "
            "notice deadlines. The business owner above stays a free label (a team, a person "
            "outside Stackscope)."
        )
        owned_by.error_messages["invalid_choice"] = _(
            "Choose a member of this organisation as the owner."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Tool.objects.for_organisation(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A tool with this name already exists."))
        return name

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean_website(self):
        # Django's URLField also takes ftp:// and a user name and password; a product's
        # website is neither (the import reads it the same way: inventory_core/urls.py).
        url = self.cleaned_data.get("website") or ""
        if url:
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
                raise forms.ValidationError(
                    _("Enter the website's address, like https://www.example.com."),
                    code="invalid",
                )
        return url

    def clean_catalogue_slug(self):
        slug = (self.cleaned_data.get("catalogue_slug") or "").strip()
        if slug and catalogue.get(slug) is None:
            raise forms.ValidationError(
                _(
                    "“%(slug)s” is not a known product of the catalogue: pick the product "
                    "again from the name's suggestions."
                )
                % {"slug": slug},
                code="unknown_product",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        sub, category = cleaned.get("subcategory"), cleaned.get("category")
        if sub is not None:
            if category is None:
                cleaned["category"] = sub.category
            elif sub.category_id != category.pk:
                self.add_error(
                    "subcategory",
                    _("“%(sub)s” belongs to “%(group)s”.") % {"sub": sub, "group": sub.category},
                )
        renewal, start = cleaned.get("renewal_date"), cleaned.get("contract_start")
        if renewal and start and renewal < start:
            self.add_error("renewal_date", _("The renewal date is before the contract start."))
        return cleaned


class IntegrationForm(OrganisationScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Integration
        fields = [
            "source",
            "target",
            "direction",
            "data_objects",
            "method",
            "frequency",
            "status",
            "criticality",
            "technical_owner",
            "notes",
        ]
        widgets = {
            "data_objects": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("An integration connects two different tools."))
        return cleaned


class TouchpointForm(OrganisationScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Touchpoint
        fields = [
            "name",
            "stage",
            "channel",
            "segment",
            "personalisation",
            "human_handover",
            "owner",
            "tools",
            "ease",
            "notes",
        ]
        widgets = {
            "human_handover": forms.NullBooleanSelect,
            "tools": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AliasesField(forms.CharField):
    """A list of aliases typed as comma-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [part.strip() for part in text.split(",") if part.strip()]


class TaxonomyForm(OrganisationScopedFormMixin, forms.ModelForm):
    aliases = AliasesField(
        label=_("Aliases"),
        required=False,
        help_text=_("Other words spreadsheets use for this entry, separated by commas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = _(
            "Stable identifier used in exports; made from the name when left blank."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        model = self._meta.model
        clash = model.objects.for_organisation(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An entry with this name already exists."))
        return name

    def clean_key(self):
        from assessment.inventory.services import unique_key

        key = self.cleaned_data.get("key") or ""
        model = self._meta.model
        if not key:
            if self.instance.pk:
                return self.instance.key
            return unique_key(model, self.organisation, self.data.get("name", ""))
        clash = model.objects.for_organisation(self.organisation).filter(key=key)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This key is already used."))
        return key


class ToolCategoryForm(TaxonomyForm):
    class Meta:
        model = ToolCategory
        fields = ["name", "key", "aliases", "position"]


class ToolSubcategoryForm(TaxonomyForm):
    class Meta:
        model = ToolSubcategory
        fields = ["name", "category", "key", "aliases", "position"]


class DataObjectForm(TaxonomyForm):
    class Meta:
        model = DataObject
        fields = ["name", "key", "aliases", "position"]


class ReviewForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Review"),
        choices=[(ReviewState.VERIFIED, _("Verify")), (ReviewState.FLAGGED, _("Flag"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when flagging: what is wrong, what to check."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == ReviewState.FLAGGED and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what is wrong when you flag an integration."))
        return cleaned


#: A row id as a list sends it: ASCII digits only (``int()`` would take "١٢"), and short
#: enough for any database's integer.
_ID = re.compile(r"[0-9]{1,18}")


def selected_ids(data, name: str = "pk") -> list[int] | None:
    """The ids ticked in a list (``name`` repeated in ``data``, a QueryDict), or None when
    one of them is no id at all."""
    values = data.getlist(name)
    if not all(_ID.fullmatch(value) for value in values):
        return None
    return sorted({int(value) for value in values})


class BulkActionForm(forms.Form):
    """What to do with the selected rows (actions per model: services.BULK_FIELDS)."""

    action = forms.CharField()
    value = forms.CharField(required=False, max_length=200)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8) or Excel .xlsx, header in the first row."),
    )
    day_first = forms.TypedChoiceField(
        label=_("Date order in the sheet"),
        choices=[
            ("1", _("Day first: 03/04/2025 means 3 April 2025")),
            ("0", _("Month first: 03/04/2025 means March 4, 2025")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
    )
