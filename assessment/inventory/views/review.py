"""IT's integration review: a queue of unreviewed and flagged integrations."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assessment.inventory import selectors, services
from assessment.inventory.forms import ReviewForm
from assessment.models import Integration, ReviewState
from core import render_cache
from core.htmx import HtmxPartialMixin, is_htmx
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin, ScopedObjectMixin

#: Integrations shown at once: each review re-renders the queue, so the next ones move up
#: (a form per row: 200 of them weighed 300 KB at a large inventory).
QUEUE_BATCH = 50


class IntegrationReviewQueueView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "integration.view"
    template_name = "assessment/inventory/review_queue.html"
    htmx_partial = "queue"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        part = context["render_part"] = render_cache.lookup(
            self.request, "review-queue", selectors.data_version(organisation)
        )
        if part.hit:
            return context
        queue = list(selectors.review_queue(organisation)[:QUEUE_BATCH])
        context.update(
            queue=queue,
            batch=QUEUE_BATCH,
            counts=selectors.dashboard_counts(organisation),
            may_review=can(self.request.membership, "integration.review"),
            errors=kwargs.get("errors", {}),
            ReviewState=ReviewState,
        )
        return context


class IntegrationReviewView(ScopedObjectMixin, IntegrationReviewQueueView):
    """Verify or flag one integration. Another organisation's integration is a 404 for
    every role, before the role check (ScopedObjectMixin)."""

    model = Integration
    permission_required = "integration.review"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        integration = get_object_or_404(selectors.integrations(request.organisation), pk=pk)
        form = ReviewForm(request.POST)
        errors = {}
        if form.is_valid():
            try:
                services.review_integration(
                    integration=integration,
                    user=request.user,
                    state=form.cleaned_data["state"],
                    note=form.cleaned_data["note"],
                )
            except ServiceError as error:
                errors[integration.pk] = error.message
            else:
                label = (
                    _("Verified %(name)s.")
                    if integration.review_state == ReviewState.VERIFIED
                    else _("Flagged %(name)s.")
                )
                messages.success(request, label % {"name": integration})
        else:
            errors[integration.pk] = " ".join(
                str(e) for field_errors in form.errors.values() for e in field_errors
            )
        if is_htmx(request):
            context = self.get_context_data(errors=errors)
            return self.render_to_response(context, status=422 if errors else 200)
        for message in errors.values():
            messages.error(request, message)
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = reverse("integration_review_queue")
        return HttpResponseRedirect(target)
