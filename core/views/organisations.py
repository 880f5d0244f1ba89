"""Dashboard, organisation switching and settings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core import render_cache, selectors, services
from core.forms import OrganisationForm
from core.views.mixins import PermissionRequiredMixin


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "organisation.view"
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        part = context["render_part"] = render_cache.lookup_registered(self.request, "home")
        if not part.hit:
            organisation = self.request.organisation
            context["role_counts"] = selectors.role_counts(organisation)
            context["member_count"] = sum(context["role_counts"].values())
        return context


class SwitchOrganisationView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, organisation_id: int):
        membership = services.switch_organisation(
            session=request.session, user=request.user, organisation_id=organisation_id
        )
        if membership is None:
            raise Http404
        messages.info(
            request, _("You are now working in %(org)s.") % {"org": membership.organisation}
        )
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = ""
        # Object pages of the old organisation would 404: go to the new dashboard instead.
        return redirect(target if target and target.count("/") <= 2 else "dashboard")


class OrganisationCreateView(LoginRequiredMixin, FormView):
    """Any signed-in user may start another organisation (they become its owner)."""

    form_class = OrganisationForm
    template_name = "core/organisation_form.html"

    def form_valid(self, form):
        reminders = {
            name: form.cleaned_data[name]
            for name in ("notice_reminder_days", "confirmation_stale_days")
            if form.cleaned_data.get(name) is not None
        }
        organisation = services.create_organisation(
            name=form.cleaned_data["name"],
            owner=self.request.user,
            language=form.cleaned_data["language"],
            paper_size=form.cleaned_data["paper_size"],
            **reminders,
        )
        services.switch_organisation(
            session=self.request.session, user=self.request.user, organisation_id=organisation.pk
        )
        messages.success(self.request, _("Created %(org)s.") % {"org": organisation})
        return redirect("dashboard")


class OrganisationSettingsView(PermissionRequiredMixin, FormView):
    permission_required = "organisation.change"
    form_class = OrganisationForm
    template_name = "core/organisation_settings.html"
    success_url = reverse_lazy("organisation_settings")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.organisation}

    def form_valid(self, form):
        services.update_organisation(
            organisation=self.request.organisation,
            user=self.request.user,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
            paper_size=form.cleaned_data["paper_size"],
            notice_reminder_days=form.cleaned_data["notice_reminder_days"],
            confirmation_stale_days=form.cleaned_data["confirmation_stale_days"],
            history_retention_days=form.cleaned_data["history_retention_days"],
        )
        messages.success(self.request, _("Settings saved."))
        return super().form_valid(form)
