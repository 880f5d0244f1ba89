"""IT's integration review: a queue of unreviewed and flagged integrations — filtered,
sorted and a page at a time — verified or flagged one by one, or a selection at once."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from assessment.inventory import selectors, services
from assessment.inventory.filtersets import ReviewQueueFilterSet
from assessment.inventory.forms import ReviewForm, selected_ids
from assessment.models import Integration, ReviewState
from core import feedback, render_cache
from core.htmx import HtmxPartialMixin, is_htmx
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin, ScopedObjectMixin

#: Integrations per page (a review form per row: 200 of them weighed 300 KB).
QUEUE_PAGE_SIZE = 25


def _form_problems(form) -> list[str]:
    return [str(error) for field_errors in form.errors.values() for error in field_errors]


class IntegrationReviewQueueView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    """The queue. Its query string (filters, ``o``, ``page``) is read on every request,
    POSTs included: the review forms post to a URL carrying it, so the queue they render
    again is the one the reviewer was looking at."""

    permission_required = "integration.view"
    template_name = "assessment/inventory/review_queue.html"
    htmx_partial = "queue"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        # The key holds the request's full path, so each filter, sort and page has its own
        # copy; POSTs (with their errors and notices) are never cached.
        part = context["render_part"] = render_cache.lookup(
            self.request, "review-queue", selectors.data_version(organisation)
        )
        if part.hit:
            return context
        context.update(
            self.queue_context(),
            may_review=can(self.request.membership, "integration.review"),
            errors=kwargs.get("errors", {}),
            bulk_errors=kwargs.get("bulk_errors", []),
            notice=kwargs.get("notice", ""),
            ReviewState=ReviewState,
        )
        return context

    def queue_context(self) -> dict:
        request = self.request
        organisation = request.organisation
        filterset = ReviewQueueFilterSet(
            request.GET or None, queryset=selectors.review_queue(organisation), request=request
        )
        valid = not filterset.is_bound or filterset.is_valid()
        # Bad filter input lists nothing (and says why): never a 500, and never a page of
        # rows the reviewer did not ask for under a "select all".
        rows = filterset.qs if valid else filterset.queryset.none()
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        queue_url = reverse("integration_review_queue")
        # the query string as shown (with its page), for the forms that render it again
        here_query = f"?{request.GET.urlencode()}" if request.GET else ""
        return {
            "filterset": filterset,
            "filter_errors": [] if valid else self.filter_errors(filterset.form),
            "filtered": not valid or filterset.is_filtered(),
            "page_obj": page,
            "page_links": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
            ),
            "queue": list(page.object_list),
            "counts": selectors.review_counts(organisation),
            "queue_url": queue_url,
            "page_url": f"{queue_url}?{query.urlencode()}&page=" if query else f"{queue_url}?page=",
            "here_query": here_query,
            "bulk_url": reverse("integration_review_bulk") + here_query,
        }

    @staticmethod
    def filter_errors(form) -> list[tuple[str, str]]:
        """(field label, its messages) for each filter that could not be applied."""
        return [
            (form.fields[name].label if name in form.fields else "", " ".join(problems))
            for name, problems in form.errors.items()
        ]

    def queue_location(self) -> str:
        """The queue as it was shown: same filters, sort and page."""
        url = reverse("integration_review_queue")
        return f"{url}?{self.request.GET.urlencode()}" if self.request.GET else url


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
        notice = ""
        token = None
        if form.is_valid():
            try:
                integration, token = services.review_integration_undoable(
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
                notice = label % {"name": integration}
        else:
            errors[integration.pk] = " ".join(_form_problems(form))
        if notice:  # a toast with "Undo" (core.undo); htmx: with the queue's fragment
            feedback.success(request, notice, undo=token)
        if is_htmx(request):
            context = self.get_context_data(errors=errors, notice=notice)
            return self.render_to_response(context, status=422 if errors else 200)
        for message in errors.values():
            messages.error(request, message)
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            target = self.queue_location()
        return HttpResponseRedirect(target)


class IntegrationReviewBulkView(IntegrationReviewQueueView):
    """Verify or flag the ticked integrations (``pk``, repeated) with one note, all or
    none (``services.review_integrations``). An id that is not one of the organisation's
    integrations is a 404 for every role, before the role check, and changes nothing;
    roles without ``integration.review`` get a 403."""

    permission_required = "integration.review"
    http_method_names = ["post"]
    ids: list[int] | None = None

    def dispatch(self, request, *args, **kwargs):
        signed_in_member = request.user.is_authenticated and request.membership is not None
        if signed_in_member and request.method == "POST":
            ids = selected_ids(request.POST)
            if ids is None or (
                ids and not selectors.all_integrations_of(request.organisation, ids)
            ):
                raise Http404
            self.ids = ids
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        form = ReviewForm(request.POST)
        problems = [] if form.is_valid() else _form_problems(form)
        notice = ""
        token = None
        if not problems:
            state = form.cleaned_data["state"]
            try:
                count, token = services.review_integrations_undoable(
                    organisation=request.organisation,
                    ids=self.ids,
                    user=request.user,
                    state=state,
                    note=form.cleaned_data["note"],
                )
            except Integration.DoesNotExist as error:  # deleted since the check above
                raise Http404 from error
            except ServiceError as error:
                problems.append(error.message)
            else:
                if state == ReviewState.VERIFIED:
                    text = ngettext(
                        "Verified %(count)d integration.", "Verified %(count)d integrations.", count
                    )
                else:
                    text = ngettext(
                        "Flagged %(count)d integration.", "Flagged %(count)d integrations.", count
                    )
                notice = text % {"count": count}
        if notice:  # a toast with "Undo" (core.undo); htmx: with the queue's fragment
            feedback.success(request, notice, undo=token)
        if is_htmx(request):
            context = self.get_context_data(bulk_errors=problems, notice=notice)
            return self.render_to_response(context, status=422 if problems else 200)
        for problem in problems:
            messages.error(request, problem)
        return HttpResponseRedirect(self.queue_location())
