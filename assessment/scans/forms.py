"""Forms of discovery: the website scan's addresses, linking a discovered tool, and an SSO
app list to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import DiscoverySource, Tool
from assessment.scans import services
from assessment.scans import sso as sso_services
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


class SsoImportForm(forms.Form):
    """An SSO provider's app list (docs/sso-imports.md): which provider, and the CSV."""

    source = forms.ChoiceField(label=_("Exported from"))
    file = forms.FileField(
        label=_("App list (CSV)"),
        help_text=_(
            "The apps list of Okta, the enterprise applications export of Microsoft Entra or "
            "the OAuth apps report of Google Workspace, as CSV (at most 5 MB)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (value, label)
            for value, label in DiscoverySource.choices
            if value in sso_services.SSO_SOURCES
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload the app list as a .csv file."))
        if upload.size > sso_services.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is over 5 MB: export the app list alone, as CSV.")
            )
        return upload
