from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessment.models import PageSize
from assessment.report.render import DEFAULT_SECTIONS, SECTIONS


class ReportOptionsForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=SECTIONS,
        # Bootstrap's check styling: the template renders each option's tag itself.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("The cover and the table of contents are always included."),
    )
    page_size = forms.ChoiceField(
        label=_("Paper size"),
        choices=PageSize.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, organisation=None, **kwargs):
        """Starts at the organisation's paper and language: the ready copy's options, so the
        usual Print downloads a file that is already there (``report.ready``)."""
        super().__init__(*args, **kwargs)
        self.fields["sections"].initial = [k for k, _label in SECTIONS if k in DEFAULT_SECTIONS]
        if organisation is not None:
            self.fields["page_size"].initial = organisation.paper_size
            self.fields["language"].initial = organisation.language
            return
        self.fields["page_size"].initial = PageSize.A4
        current = (get_language() or "en").split("-")[0]
        codes = {code for code, _name in settings.LANGUAGES}
        self.fields["language"].initial = current if current in codes else "en"
