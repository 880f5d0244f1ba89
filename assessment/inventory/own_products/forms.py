"""The own product form (the page's and the API's validation)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.discovery import catalogue
from assessment.inventory.widgets import SubcategorySelect
from assessment.models import OwnProduct
from core.forms import OrganisationScopedFormMixin

#: Other names one product may have, and the length of each.
MAX_ALIASES = 50
MAX_ALIAS_LENGTH = 200


class OwnProductForm(OrganisationScopedFormMixin, forms.ModelForm):
    class Meta:
        model = OwnProduct
        fields = ["name", "same_as", "vendor", "website", "subcategory", "description", "aliases"]
        widgets = {
            "subcategory": SubcategorySelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "aliases": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "same_as": _(
                "Optional: the known product this is another name for, by its catalogue "
                "identifier (e.g. “facebook-pixel”) or name. Its website, description and "
                "subcategory are used unless given here."
            ),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = OwnProduct.objects.for_organisation(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("You already have an own product with this name."))
        return name

    def clean_same_as(self):
        value = (self.cleaned_data.get("same_as") or "").strip()
        if not value:
            return ""
        entry = catalogue.get(value) or catalogue.catalogue().by_name(value)
        if entry is None:
            raise forms.ValidationError(
                _("“%(value)s” is no known product. Type its catalogue name or identifier.")
                % {"value": value}
            )
        return entry.slug

    def clean_aliases(self):
        text = self.cleaned_data.get("aliases") or ""
        seen: dict[str, str] = {}
        for line in text.splitlines():
            alias = " ".join(line.split())
            if alias and alias.casefold() not in seen:
                seen[alias.casefold()] = alias
        for alias in seen.values():
            if len(alias) > MAX_ALIAS_LENGTH:
                raise forms.ValidationError(
                    _("Each other name may have at most %(count)d characters.")
                    % {"count": MAX_ALIAS_LENGTH}
                )
        if len(seen) > MAX_ALIASES:
            raise forms.ValidationError(
                _("At most %(count)d other names, please.") % {"count": MAX_ALIASES}
            )
        return "\n".join(seen.values())

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").casefold()
        aliases = cleaned.get("aliases")
        if name and aliases:
            # the name itself is no other name
            kept = [a for a in aliases.split("\n") if a.casefold() != name]
            cleaned["aliases"] = "\n".join(kept)
        return cleaned
