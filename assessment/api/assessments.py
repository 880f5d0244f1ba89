"""Assessments: list, read, create, edit (`status=final` finalises), delete, archive; with
the scores, regenerate and report actions. Writes go through `assessment.assessments.services`
with the page's form (`service_fields()`), as the pages do."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from assessment.assessments import services
from assessment.assessments.filtersets import AssessmentFilterSet
from assessment.assessments.forms import AssessmentForm, target_field_name
from assessment.models import Assessment, AssessmentStatus, FrameworkVersion
from assessment.models.questionnaire import validate_targets
from assessment.questionnaire import selectors
from assessment.questionnaire.services import ensure_default_framework
from assessment.questionnaire_core import STEP_KEYS
from core.api.errors import ErrorSerializer
from core.selectors import member_users

from .common import (
    NO_PUT,
    FormValidatedSerializer,
    OrganisationViewSetBase,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)
from .reports import ReportExportActions
from .results import AssessmentResultsActions

PARTICIPANTS_ERROR = _lazy("Participants must be members of the organisation.")


class AssessmentSerializer(FormValidatedSerializer):
    form_class = AssessmentForm
    framework_version = StrictPrimaryKeyRelatedField(
        queryset=FrameworkVersion.objects.all(),
        required=False,
        help_text="Chosen once (the default framework when left out); ignored on updates.",
    )
    targets = serializers.DictField(
        child=StrictIntegerField(min_value=0, max_value=100),
        required=False,
        validators=[validate_targets],
        help_text=f"Target score per step (0–100, default 70): {', '.join(STEP_KEYS)}.",
    )
    participants = StrictPrimaryKeyRelatedField(
        many=True,
        queryset=get_user_model().objects.none(),  # the organisation's members: get_fields
        required=False,
        # One message whether the id is unknown or a user of another organisation, and
        # without the id: the API must not tell which user ids exist.
        error_messages={"does_not_exist": PARTICIPANTS_ERROR},
        help_text="User ids of members of the organisation.",
    )
    status = serializers.ChoiceField(
        choices=AssessmentStatus.choices,
        required=False,
        help_text="Draft → in review → final; a final assessment is read-only.",
    )
    created_by = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True)
    archived_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When an owner archived it (`archive/`); null when not archived.",
    )
    archived_by = serializers.EmailField(
        source="archived_by.email", read_only=True, allow_null=True
    )
    pinned_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When an owner pinned it as the organisation's current assessment (`pin/`): "
        "what the home page and the top-level Roadmap open; null when not pinned.",
    )
    pinned_by = serializers.EmailField(source="pinned_by.email", read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "title",
            "framework_version",
            "period_start",
            "period_end",
            "description",
            "status",
            "targets",
            "participants",
            "created_by",
            "created_at",
            "updated_at",
            "archived_at",
            "archived_by",
            "pinned_at",
            "pinned_by",
        ]
        read_only_fields = [
            "created_at",
            "updated_at",
            "archived_at",
            "archived_by",
            "pinned_at",
            "pinned_by",
        ]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        relation = fields["participants"].child_relation
        relation.queryset = member_users(self.organisation)
        return fields

    def current_values(self):
        values = super().current_values()
        if self.instance is None:
            ensure_default_framework()  # registered lazily, as by the page's form
            values["framework_version"] = getattr(
                selectors.default_framework_version(self.organisation), "pk", None
            )
        return values

    def form_data(self, attrs):
        data = super().form_data(attrs)
        targets = dict(services.default_targets())
        if self.instance is not None:
            targets.update(self.instance.targets or {})
        targets.update(attrs.get("targets") or {})
        for step in STEP_KEYS:
            data[target_field_name(step)] = targets[step]
        return data

    def cleaned(self, form):
        # Exactly what the page's form view hands to the same service.
        return form.service_fields()


class AssessmentViewSet(
    AssessmentResultsActions,
    ReportExportActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrganisationViewSetBase,
):
    """Assessments of the organisation. A final assessment is read-only and cannot be
    deleted (403); owners archive it instead (`archive/`, `unarchive/`)."""

    model = Assessment
    serializer_class = AssessmentSerializer
    permission_resource = "assessment"
    permission_actions = {
        **AssessmentResultsActions.results_permission_actions,
        **ReportExportActions.report_permission_actions,
        "archive": "assessment.archive",
        "unarchive": "assessment.archive",
        "pin": "assessment.pin",
        "unpin": "assessment.pin",
    }
    filterset_class = AssessmentFilterSet
    ordering_fields = ["created_at", "title", "status", "period_start"]
    http_method_names = NO_PUT

    def selector(self, organisation):
        return selectors.assessments_for(organisation).prefetch_related("participants")

    def filter_queryset(self, queryset):
        # The list's filters (archived left out by default) do not hide one assessment
        # asked for by id: an archived one still reads, prints and exports.
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        assessment = services.create_assessment(
            organisation=self.request.organisation,
            user=self.request.user,
            **serializer.validated_data,
        )
        serializer.instance = self.get_queryset().get(pk=assessment.pk)

    def perform_update(self, serializer):
        original = Assessment.objects.get(pk=serializer.instance.pk)
        services.update_assessment(
            assessment=original, user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=original.pk)

    def perform_destroy(self, instance):
        services.delete_assessment(assessment=instance, user=self.request.user)

    def _changed(self, service, request) -> Response:
        """An owner's action on one assessment (archive, pin…): the service, then the
        assessment as the list shows it."""
        assessment = service(assessment=self.get_object(), user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(
        summary="Archive an assessment (owners)",
        description=(
            "Hides it from the default list (`?archived=true` lists the archived ones), the "
            "home page and pickers; everything is kept (snapshot, findings, roadmap, "
            "exports) and it still reads and prints by id. Idempotent."
        ),
        request=None,
        responses={200: AssessmentSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._changed(services.archive_assessment, request)

    @extend_schema(
        summary="Unarchive an assessment (owners)",
        description="Brings it back to the list, the home page and pickers. Idempotent.",
        request=None,
        responses={200: AssessmentSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        return self._changed(services.unarchive_assessment, request)

    @extend_schema(
        summary="Pin an assessment as the organisation's current one (owners)",
        description=(
            "Every member's home page and the top-level Roadmap open it instead of the newest "
            "draft; the assessment pinned before is unpinned. Archived assessments cannot be "
            "pinned (400); archiving unpins. Idempotent."
        ),
        request=None,
        responses={
            200: AssessmentSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def pin(self, request, pk=None):
        return self._changed(services.pin_assessment, request)

    @extend_schema(
        summary="Unpin an assessment (owners)",
        description="The home page opens the newest assessment still open again. Idempotent.",
        request=None,
        responses={200: AssessmentSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def unpin(self, request, pk=None):
        return self._changed(services.unpin_assessment, request)
