"""The organisation's finding thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assessment.results import services
from assessment.results.forms import (
    FindingThresholdsForm,
)
from assessment.results.views.base import TEMPLATES
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin


class FindingThresholdsView(PermissionRequiredMixin, TemplateView):
    template_name = f"{TEMPLATES}/thresholds.html"
    permission_required = "finding.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = services.thresholds_row(self.request.organisation)
        context.setdefault("form", FindingThresholdsForm(instance=row))
        context["may_edit"] = can(self.request.membership, "finding.change")
        return context

    def post(self, request, *args, **kwargs):
        if not can(request.membership, "finding.change"):
            raise PermissionDenied
        form = FindingThresholdsForm(
            request.POST, instance=services.thresholds_row(request.organisation)
        )
        if form.is_valid():
            try:
                services.save_thresholds(
                    organisation=request.organisation, data=form.cleaned_data, user=request.user
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved. Findings and roadmaps use the new thresholds from now on."),
                )
                return redirect("finding_thresholds")
        return self.render_to_response(self.get_context_data(form=form), status=422)
