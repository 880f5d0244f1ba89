"""Sign-up and sign-in. Password change/reset use Django's own views (see core/urls.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core import services
from core.forms import EmailAuthenticationForm, SignUpForm
from core.models import Invitation

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignUpView(FormView):
    """Creates an account and an organisation, or joins the organisation of an invitation."""

    form_class = SignUpForm
    template_name = "registration/signup.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = None
        token = request.GET.get("invitation") or request.POST.get("invitation")
        if token:
            self.invitation = get_object_or_404(Invitation, token=token)
        if request.user.is_authenticated:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.invitation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation": self.invitation}

    def form_valid(self, form):
        data = form.cleaned_data
        if self.invitation is not None:
            try:
                membership = services.sign_up_invited(
                    invitation=self.invitation, password=data["password1"], name=data["name"]
                )
            except services.ServiceError as error:
                form.add_error(None, error)
                return self.form_invalid(form)
            user = membership.user
            login(self.request, user, backend=MODEL_BACKEND)
            services.switch_organisation(
                session=self.request.session, user=user, organisation_id=membership.organisation_id
            )
            messages.success(
                self.request, _("Welcome to %(org)s.") % {"org": membership.organisation}
            )
            return redirect("dashboard")
        user, organisation = services.sign_up(
            email=data["email"],
            password=data["password1"],
            name=data["name"],
            organisation_name=data["organisation_name"],
        )
        login(self.request, user, backend=MODEL_BACKEND)
        services.switch_organisation(
            session=self.request.session, user=user, organisation_id=organisation.pk
        )
        messages.success(self.request, _("Welcome! %(org)s is ready.") % {"org": organisation})
        return redirect("dashboard")
