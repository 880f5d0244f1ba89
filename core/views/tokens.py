"""Personal API tokens: create (shown once), list with last use, revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core import selectors, services
from core.forms import SingleLineFieldsMixin
from core.htmx import HtmxPartialMixin
from core.models import ApiToken
from core.views.mixins import PermissionRequiredMixin


class ApiTokenForm(SingleLineFieldsMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=100,
        help_text=gettext_lazy("What will use it, e.g. “Nightly SaaS-management sync”."),
    )


class ApiTokenListView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "apitoken.view"
    template_name = "core/api_tokens.html"
    htmx_partial = "token_panel"

    def get_permission_required(self) -> str:
        return "apitoken.add" if self.request.method == "POST" else "apitoken.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ApiTokenForm())
        context["tokens"] = selectors.api_tokens_for(self.request.user, self.request.organisation)
        return context

    def post(self, request):
        form = ApiTokenForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            _row, token = services.create_api_token(
                membership=request.membership, name=form.cleaned_data["name"]
            )
            context = {"form": ApiTokenForm(), "new_token": token}
        response = self.render_to_response(self.get_context_data(**context))
        response.status_code = 400 if form.errors else 200
        return response


class ApiTokenRevokeView(PermissionRequiredMixin, View):
    permission_required = "apitoken.delete"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        # Only your own tokens: anyone else's is a 404.
        token = get_object_or_404(
            ApiToken, pk=pk, user=request.user, organisation=request.organisation
        )
        services.revoke_api_token(token=token, user=self.request.user)
        messages.info(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("api_tokens")
