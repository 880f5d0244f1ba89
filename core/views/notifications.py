"""The notification centre: the bell's count, the list, open one (marks it read), mark all
read, and each person's e-mail preferences. Only the person's own notifications in the
current organisation: anyone else's is a 404."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.htmx import HtmxPartialMixin, is_htmx, trigger
from core.models import EmailMode, NotificationKind
from core.notifications import selectors, services
from core.notifications.texts import render_notification
from core.services import ServiceError
from core.views.mixins import OrganisationRequiredMixin


class NotificationBellView(TemplateView):
    """The bell's badge, loaded by htmx after the page (pages gain no query for it)."""

    template_name = "core/notifications_bell.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated or getattr(request, "membership", None) is None:
            return HttpResponse("")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = selectors.unread_count(self.request.user, self.request.organisation)
        return context


class NotificationListView(HtmxPartialMixin, OrganisationRequiredMixin, ListView):
    template_name = "core/notifications.html"
    htmx_partial = "notification_list"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_for(self.request.user, self.request.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = [
            {"notification": n, "text": render_notification(n)} for n in context["notifications"]
        ]
        context["unread"] = selectors.unread_count(self.request.user, self.request.organisation)
        return context


class NotificationOpenView(OrganisationRequiredMixin, View):
    """Marks one notification read and follows its link (a path of this site only)."""

    def get(self, request, pk: int):
        notification = selectors.notification_for(request.user, request.organisation, pk)
        services.mark_read(notification=notification)
        if selectors.is_local_path(notification.url):
            return redirect(notification.url)
        return redirect("notifications")


class NotificationMarkAllReadView(OrganisationRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = services.mark_all_read(user=request.user, organisation=request.organisation)
        if is_htmx(request):  # the list again, read; the bell refreshes on the event
            view = NotificationListView()
            view.setup(request)
            view.object_list = view.get_queryset()
            response = TemplateResponse(
                request,
                f"{view.template_name}#{view.htmx_partial}",
                view.get_context_data(),
            )
            return trigger(response, "notifications-changed")
        messages.info(request, _("%(count)s notifications marked read.") % {"count": count})
        return redirect("notifications")


class NotificationPreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=gettext_lazy("E-mail me"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    muted_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Not by e-mail"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("These still show in the app, but never come by e-mail."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of e-mails"),
        required=False,
        help_text=gettext_lazy("Blank: the organisation's report language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", gettext_lazy("The organisation's")),
            *settings.LANGUAGES,
        ]


class NotificationSettingsView(OrganisationRequiredMixin, FormView):
    template_name = "core/notifications_settings.html"
    form_class = NotificationPreferenceForm

    def get_initial(self):
        preference = services.preference_for(self.request.user)
        return {
            "email_mode": preference.email_mode,
            "muted_kinds": list(preference.muted_kinds or []),
            "language": preference.language,
        }

    def form_valid(self, form):
        try:
            services.save_preference(user=self.request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect(reverse("notification_settings"))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
