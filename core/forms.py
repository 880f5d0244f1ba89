"""Forms for accounts, organisations, members and invitations, and the scoped-form base."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.models import Invitation, Organisation, Role
from core.models.organisations import default_notice_reminder_days
from core.security import normalise_email
from core.services import MAX_HISTORY_RETENTION_DAYS, UNCHANGED
from core.validators import validate_single_line


def refuse_control_characters(form) -> None:
    """Every one-line text field of the form refuses line breaks and control characters.

    Text areas keep their line breaks; passwords are not names and are left alone.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        if isinstance(field.widget, forms.Textarea | forms.PasswordInput):
            continue
        if validate_single_line not in field.validators:
            field.validators.append(validate_single_line)


class SingleLineFieldsMixin:
    """Apply `refuse_control_characters` to a form (names, titles, e-mail addresses)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters(self)


class OrganisationScopedFormMixin:
    """Restrict every model-choice field to rows of the form's organisation; one-line text
    fields refuse control characters (the API validates through these forms too)."""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        refuse_control_characters(self)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organisation"):
                field.queryset = queryset.filter(organisation=organisation)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        # Normalised once, before clean() authenticates: django-axes (which also folds the
        # case itself, core.security.axes_username) and ModelBackend see the same address.
        return normalise_email(self.cleaned_data["username"])


class SignUpForm(SingleLineFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=120,
        help_text=_("Your company or team; you can invite colleagues next."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if invitation is not None:
            del self.fields["organisation_name"]
            self.fields["email"].initial = invitation.email
            self.fields["email"].disabled = True

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Sign in instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            user = get_user_model()(email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganisationForm(SingleLineFieldsMixin, forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Report language"),
        choices=settings.LANGUAGES,
        help_text=Organisation._meta.get_field("language").help_text,
    )
    notice_reminder_days = forms.CharField(
        label=_("Remind tool owners of notice deadlines (days before)"),
        required=False,
        max_length=100,
        help_text=_(
            "Comma-separated, e.g. 120, 90, 30, 7: at most six, each from 1 to 365. "
            "Empty: no notice reminders."
        ),
    )
    confirmation_stale_days = forms.IntegerField(
        label=_("Tool confirmations go stale after (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("A tool owner's confirmation of its record counts for this many days."),
    )
    history_retention_days = forms.IntegerField(
        label=_("Keep the change history for (days)"),
        required=False,
        min_value=0,
        max_value=MAX_HISTORY_RETENTION_DAYS,
        help_text=_(
            "Changes older than this are deleted once a day; from 0 to 3650 days, "
            "0 keeps them for ever. Empty: the installation's default (%(days)s days)."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["name", "language", "paper_size", "confirmation_stale_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out (a client that posts only the name), they stay as they are.
        for name in ("language", "paper_size", "confirmation_stale_days"):
            self.fields[name].required = False
        days = self.instance.notice_reminder_days if self.instance.pk else None
        if days is None:
            days = default_notice_reminder_days()
        self.initial.setdefault("notice_reminder_days", ", ".join(map(str, days)))
        if self.instance.pk:
            self.initial.setdefault("history_retention_days", self.instance.history_retention_days)
            field = self.fields["history_retention_days"]
            field.help_text = field.help_text % {"days": settings.HISTORY_RETENTION_DAYS}
        else:  # a new organisation starts at the installation's default
            del self.fields["history_retention_days"]

    def clean_history_retention_days(self):
        """Left out: as it is (``services.UNCHANGED``); empty: the installation's default."""
        if "history_retention_days" not in self.data:
            return UNCHANGED
        return self.cleaned_data["history_retention_days"]

    def clean_notice_reminder_days(self):
        if "notice_reminder_days" not in self.data:  # left out: as it is
            return None
        try:
            return parse_reminder_days(self.cleaned_data["notice_reminder_days"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        for name in ("language", "paper_size", "confirmation_stale_days"):
            if not cleaned.get(name):
                cleaned[name] = getattr(self.instance, name)
        return cleaned


def parse_reminder_days(text: str) -> list[int]:
    """ "120, 90 30" → [120, 90, 30]: distinct whole days from 1 to 365, largest first, at
    most six; ValueError with a message fit to show otherwise."""
    days: set[int] = set()
    for part in text.replace(";", ",").replace(",", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= 365:
            raise ValueError(
                _("“%(value)s” is not a number of days from 1 to 365.") % {"value": part[:20]}
            )
        days.add(int(part))
    if len(days) > 6:
        raise ValueError(_("Give at most six reminder days."))
    return sorted(days, reverse=True)


class InvitationForm(SingleLineFieldsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
