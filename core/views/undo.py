"""POST /undo/<key>/: take back an action (core.undo), then go back to the page it was on."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core import feedback, undo
from core.htmx import is_htmx
from core.models import UndoToken
from core.services import ServiceError, ServiceForbidden
from core.views.mixins import OrganisationRequiredMixin


class UndoView(OrganisationRequiredMixin, View):
    """Another organisation's or another member's undo is a 404; a role that no longer
    allows the original action gets a 403; a used or expired one, or one that cannot be
    applied any more, says why and changes nothing."""

    http_method_names = ["post"]

    def post(self, request, key: str):
        try:
            undone = undo.apply(
                key=key, organisation=request.organisation, membership=request.membership
            )
        except UndoToken.DoesNotExist:
            raise Http404 from None
        except ServiceForbidden as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        except ServiceError as error:
            feedback.error(request, " ".join(error.messages))
        else:
            feedback.success(request, undone.message, highlight=undone.highlight)
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("dashboard")
        if is_htmx(request):  # the page comes back whole, with the message
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
