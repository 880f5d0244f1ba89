"""Forms of discovery: the website scan's addresses, and linking a discovered tool."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Tool
from assessment.scans import services
from core.forms import OrganisationScopedFormMixin
from core.services import ServiceError


class SiteScanForm(OrganisationScopedFormMixin, forms.Form):
    urls = forms.CharField(
        label=_("Site addresses"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "url"}),
        help_text=_(
            "One to five addresses, one per line (e.g. www.example.com). Each page and a few "
            "pages it links to are read: at most 20 pages, 30 seconds in all."
        ),
    )

    def clean_urls(self):
        try:
            return services.normalise_urls(self.cleaned_data["urls"].split())
        except ServiceError as error:
            raise forms.ValidationError(error.messages) from error


class DiscoveredLinkForm(OrganisationScopedFormMixin, forms.Form):
    tool = forms.ModelChoiceField(
        label=_("Tool in the stack"), queryset=Tool.objects.only("pk", "name").order_by("name")
    )
