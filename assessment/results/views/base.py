"""What every results page shares: the assessment loaded in scope, then the role checked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic.base import ContextMixin

from assessment.inventory.selectors import data_arms
from assessment.models import Assessment
from assessment.questionnaire.selectors import (
    assessment_for,
    assessment_version,
    assessments_arm,
)
from core import render_cache
from core.permissions import can
from core.views.mixins import PermissionRequiredMixin

TEMPLATES = "assessment/results"
ROADMAP_TEMPLATE = f"{TEMPLATES}/roadmap.html"


class AssessmentResultsMixin(PermissionRequiredMixin, ContextMixin):
    """Pages of one assessment: found in the current organisation (else 404) before the
    role check (403); `object_action` is also checked against the assessment's rules."""

    permission_required = "roadmap.view"
    object_action = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.membership is not None:
            self.assessment = self.load_assessment()
        return super().dispatch(request, *args, **kwargs)

    def load_assessment(self) -> Assessment:
        try:
            return assessment_for(self.request.organisation, self.kwargs["pk"])
        except Assessment.DoesNotExist:
            raise Http404 from None

    def check_object(self, action: str | None = None) -> None:
        action = action or self.object_action or self.get_permission_required()
        if not can(self.request.membership, action, self.assessment):
            raise PermissionDenied

    def cached_part(self, name: str) -> render_cache.Part:
        """The page's rendered part (``core.render_cache``), under what results pages show:
        the assessment's answers, findings, roadmap and result, the organisation's other
        assessments (the last final one is compared with) and its data version (the day is
        in every key)."""
        version = assessment_version(
            self.assessment,
            "findings",
            "roadmap_items",
            "result",
            more=("organisation", _organisation_versions),
        )
        return render_cache.lookup(self.request, name, version)

    def add_cached_part(self, context: dict, name: str, build) -> None:
        """``context["render_part"]``, and ``build()``'s context on a miss. Building may
        store fresh results (``ensure_results``): the part is then keyed by the data as it
        is after that, or the next request would miss again."""
        part = self.cached_part(name)
        if not part.hit:
            context.update(build())
            part = self.cached_part(name)
        context["render_part"] = part

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.request.membership
        context.update(
            assessment=self.assessment,
            may_regenerate=can(membership, "roadmap.regenerate", self.assessment),
            may_edit=can(membership, "roadmap.change", self.assessment),
            may_finalise=can(membership, "assessment.finalise", self.assessment),
        )
        return context


# -- dashboard and explain -----------------------------------------------------------------


def _organisation_versions(placeholders: dict[str, int]) -> list:
    return assessments_arm(placeholders) + data_arms(placeholders)
