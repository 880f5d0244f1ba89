"""`/api/v1/assignments/`: who is asked to answer which step or question of an assessment,
by when (docs/questionnaire.md) — every role reads, owners and editors assign, change and
remove; `/api/v1/my-work/`: what is waiting for the caller (docs/my-work.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.response import Response

from assessment.api.common import (
    NO_PUT,
    OrganisationViewSetBase,
    ScopedSerializerMixin,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    id_filter,
    person_filter,
)
from assessment.models import Assessment, Assignment
from assessment.models.results import STEP_CHOICES
from assessment.questionnaire.display import localised
from assessment.team import selectors, services
from core.api.schema import AutoSchema
from core.api.viewsets import OrganisationAPIMixin
from core.selectors import member_users


def _drf_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if key == "__all__" else key): messages
            for key, messages in error.message_dict.items()
        }
        if "question_keys" in detail:
            detail["question_key"] = detail.pop("question_keys")
        if "assignees" in detail:
            detail["assignee"] = detail.pop("assignees")
        return exceptions.ValidationError(detail)
    return exceptions.ValidationError({"non_field_errors": error.messages})


class MemberIdField(StrictIntegerField):
    """A member's user id (validated against the organisation by the serializer)."""

    def to_representation(self, value):
        return getattr(value, "pk", value)


class AssignmentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    assessment = StrictPrimaryKeyRelatedField(queryset=Assessment.objects.all())
    step = serializers.ChoiceField(choices=STEP_CHOICES)
    question_key = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="One question of the step, or empty for the whole step.",
    )
    assignee = MemberIdField(help_text="The user id of a member of the organisation.")
    assignee_name = serializers.SerializerMethodField()
    due_date = serializers.DateField(required=False, allow_null=True)
    note = StrictCharField(required=False, allow_blank=True, max_length=2000)
    assigned_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "assessment",
            "step",
            "question_key",
            "assignee",
            "assignee_name",
            "due_date",
            "note",
            "assigned_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []  # the service answers a repeat with the existing row

    def get_assignee_name(self, assignment) -> str:
        return assignment.assignee.display_name

    def validate_assignee(self, value):
        user = member_users(self.organisation).filter(pk=value).first()
        if user is None:
            raise serializers.ValidationError(
                _("Only members of this organisation can be assigned work.")
            )
        return user

    def validate(self, attrs):
        if self.instance is not None:
            fixed = [f for f in ("assessment", "step", "question_key") if f in attrs]
            if fixed:
                message = _("Remove the assignment and create another to change this.")
                raise serializers.ValidationError({key: [message] for key in fixed})
        return attrs


ASSIGNMENT_FILTERS = [
    OpenApiParameter("assessment", int, required=False, description="Of this assessment."),
    OpenApiParameter("assignee", str, required=False, description="`me`, or a member's user id."),
    OpenApiParameter(
        "step",
        str,
        required=False,
        enum=[k for k, _label in STEP_CHOICES],
        description="Of this step.",
    ),
]


@extend_schema_view(
    list=extend_schema(summary="List assignments", parameters=ASSIGNMENT_FILTERS),
    retrieve=extend_schema(summary="Read an assignment"),
    create=extend_schema(
        summary="Assign a step or a question to a member",
        description=(
            "One member per request; `question_key` empty assigns the whole step. Assigning "
            "what the member already has updates its due date and note. The member is told "
            "(in the app and by e-mail)."
        ),
    ),
    partial_update=extend_schema(summary="Change an assignment's due date, note or member"),
    destroy=extend_schema(summary="Remove an assignment"),
)
class AssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrganisationViewSetBase,
):
    model = Assignment
    serializer_class = AssignmentSerializer
    permission_resource = "assignment"
    http_method_names = NO_PUT
    filter_backends: list = []

    def selector(self, organisation):
        return selectors.assignments_for(organisation).order_by("due_date", "pk")

    def filter_queryset(self, queryset):
        params = self.request.query_params
        errors = {}
        queryset = id_filter(
            queryset, params, "assessment", errors, _("An assessment id (a number).")
        )
        queryset = person_filter(queryset, params, "assignee", errors, self.request.user)
        step = params.get("step")
        if step is not None:
            if step in dict(STEP_CHOICES):
                queryset = queryset.filter(step=step)
            else:
                errors["step"] = [_("Not a step.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return queryset

    def reload(self, assignment):
        return self.get_queryset().get(pk=assignment.pk)

    def perform_create(self, serializer):
        data = serializer.validated_data
        key = data.get("question_key") or ""
        try:
            (assignment,) = services.assign(
                assessment=data["assessment"],
                step=data["step"],
                question_keys=[key] if key else None,
                assignees=[data["assignee"]],
                due_date=data.get("due_date"),
                note=data.get("note", ""),
                user=self.request.user,
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        serializer.instance = self.reload(assignment)

    def perform_update(self, serializer):
        data = serializer.validated_data
        changes = {k: data[k] for k in ("due_date", "note", "assignee") if k in data}
        try:
            assignment = services.update_assignment(
                assignment=serializer.instance, user=self.request.user, **changes
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        serializer.instance = self.reload(assignment)

    def perform_destroy(self, instance):
        services.unassign(assignment=instance, user=self.request.user)


# -- My work ----------------------------------------------------------------------------


class MyQuestionSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    assessment_title = serializers.CharField()
    step = serializers.CharField()
    question_key = serializers.CharField()
    question = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    url = serializers.CharField()


class MyReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    target = serializers.CharField()
    theirs = serializers.BooleanField(help_text="Touches a tool the caller owns.")


class MyRoadmapSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessment = serializers.IntegerField()
    title = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class MyRenewalSerializer(serializers.Serializer):
    tool = serializers.IntegerField()
    tool_name = serializers.CharField()
    renewal_date = serializers.DateField()
    last_day_to_cancel = serializers.DateField(allow_null=True)
    notice_passed = serializers.BooleanField()


class MyMentionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    params = serializers.DictField()
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class MyWorkSerializer(serializers.Serializer):
    questions = MyQuestionSerializer(many=True)
    question_count = serializers.IntegerField()
    reviews = MyReviewSerializer(many=True, help_text="Empty for who may not review.")
    review_count = serializers.IntegerField()
    roadmap = MyRoadmapSerializer(many=True)
    renewals = MyRenewalSerializer(many=True)
    mentions = MyMentionSerializer(many=True)


def my_work_data(work, user) -> dict:
    return {
        "questions": [
            {
                "assessment": item.assessment.pk,
                "assessment_title": item.assessment.title,
                "step": item.step_key,
                "question_key": item.question.key,
                "question": localised(item.question.text),
                "due_date": item.due_date.isoformat() if item.due_date else None,
                "overdue": item.overdue,
                "url": item.url,
            }
            for group in work.questions
            for item in group.items
        ],
        "question_count": work.question_count,
        "reviews": [
            {
                "id": i.pk,
                "source": i.source.name,
                "target": i.target.name,
                "theirs": user.pk in (i.source.owned_by_id, i.target.owned_by_id),
            }
            for i in work.reviews
        ],
        "review_count": work.review_count,
        "roadmap": [
            {
                "id": item.pk,
                "assessment": item.assessment_id,
                "title": item.display_title,
                "due_date": item.due_date.isoformat() if item.due_date else None,
                "overdue": item.is_overdue,
            }
            for item in work.roadmap
        ],
        "renewals": [
            {
                "tool": r.tool.pk,
                "tool_name": r.tool.name,
                "renewal_date": r.tool.renewal_date.isoformat(),
                "last_day_to_cancel": (
                    r.last_day_to_cancel.isoformat() if r.last_day_to_cancel else None
                ),
                "notice_passed": r.cancel_overdue,
            }
            for r in work.renewals
        ],
        "mentions": [
            {
                "id": n.pk,
                "url": n.url,
                "params": n.params,
                "read": n.read_at is not None,
                "created_at": serializers.DateTimeField().to_representation(n.created_at),
            }
            for n in work.mentions
        ],
    }


class OneObjectSchema(AutoSchema):
    """The `list` route answers one object of sections, not an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class MyWorkViewSet(OrganisationAPIMixin, viewsets.ViewSet):
    """What is waiting for the caller in the token's organisation: the My work page."""

    permission_resource = "assignment"
    schema = OneObjectSchema()

    @extend_schema(
        summary="My work",
        description=(
            "Assigned unanswered questions (overdue first), integrations awaiting review (for "
            "who may review), open roadmap items and renewals in the next 120 days the caller "
            "owns, and mentions."
        ),
        responses=MyWorkSerializer,
    )
    def list(self, request):
        work = selectors.my_work(request.user, request.organisation, request.membership)
        return Response(my_work_data(work, request.user))
