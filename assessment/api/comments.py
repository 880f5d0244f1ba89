"""`/api/v1/threads/` and `/api/v1/comments/`: conversations about questions, tools,
integrations, touchpoints and roadmap items (docs/history.md). Every role reads, starts
threads, comments, resolves and reopens; a comment is changed by its author only and
deleted by its author or an organisation owner. Writes go through the same services as
the pages (mentions are parsed and the mentioned told)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers

from assessment.api.common import (
    NO_PUT,
    OrganisationViewSetBase,
    ScopedSerializerMixin,
    StrictBooleanField,
    StrictCharField,
    StrictPrimaryKeyRelatedField,
    id_filter,
    person_filter,
)
from assessment.comments import selectors, services
from assessment.models import (
    Assessment,
    Comment,
    CommentKind,
    Integration,
    RoadmapItem,
    Thread,
    ThreadTarget,
    Tool,
    Touchpoint,
)
from assessment.models.comments import COMMENT_MAX_LENGTH, TARGET_FIELDS
from core.services import ServiceError


def _drf_error(error: ServiceError, field: str = "body") -> exceptions.ValidationError:
    return exceptions.ValidationError({field: error.messages})


class CommentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    thread = StrictPrimaryKeyRelatedField(queryset=Thread.objects.all())
    body = StrictCharField(
        max_length=COMMENT_MAX_LENGTH, help_text="Light Markdown; @name mentions a member."
    )
    author = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    author_name = serializers.SerializerMethodField()
    kind = serializers.CharField(
        read_only=True,
        help_text=f"{' or '.join(f'`{k}`' for k in CommentKind.values)}: `flag` is the "
        "reviewer's note when flagging an integration.",
    )
    mentions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "thread",
            "author",
            "author_name",
            "kind",
            "body",
            "mentions",
            "edited_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["edited_at", "created_at", "updated_at"]

    def get_author_name(self, comment) -> str | None:
        return comment.author.display_name if comment.author_id else None

    def validate(self, attrs):
        if (
            self.instance is not None
            and "thread" in attrs
            and attrs["thread"] != self.instance.thread
        ):
            raise serializers.ValidationError({"thread": [_("A comment stays in its thread.")]})
        return attrs


class NestedCommentSerializer(CommentSerializer):
    class Meta(CommentSerializer.Meta):
        fields = [f for f in CommentSerializer.Meta.fields if f != "thread"]
        read_only_fields = fields


class ThreadSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    target = serializers.ChoiceField(choices=ThreadTarget.choices)
    assessment = StrictPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), required=False, allow_null=True
    )
    question_key = StrictCharField(required=False, allow_blank=True, max_length=100)
    tool = StrictPrimaryKeyRelatedField(
        queryset=Tool.objects.all(), required=False, allow_null=True
    )
    integration = StrictPrimaryKeyRelatedField(
        queryset=Integration.objects.all(), required=False, allow_null=True
    )
    touchpoint = StrictPrimaryKeyRelatedField(
        queryset=Touchpoint.objects.all(), required=False, allow_null=True
    )
    roadmap_item = StrictPrimaryKeyRelatedField(
        queryset=RoadmapItem.objects.all(), required=False, allow_null=True
    )
    body = StrictCharField(
        write_only=True,
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text="The first comment (required when starting a thread).",
    )
    resolved = StrictBooleanField(
        required=False, help_text="true resolves the thread, false reopens it."
    )
    created_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    resolved_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    comments = NestedCommentSerializer(many=True, read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "target",
            "assessment",
            "question_key",
            "tool",
            "integration",
            "touchpoint",
            "roadmap_item",
            "body",
            "resolved",
            "resolved_at",
            "resolved_by",
            "created_by",
            "last_comment_at",
            "comments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["resolved_at", "last_comment_at", "created_at", "updated_at"]
        validators: list = []

    def to_representation(self, thread):
        data = super().to_representation(thread)
        data["resolved"] = thread.resolved_at is not None
        return data

    def validate(self, attrs):
        if self.instance is not None:
            fixed = [
                f for f in (*TARGET_FIELDS.values(), "target", "question_key", "body") if f in attrs
            ]
            if fixed:
                message = _("Only `resolved` can be changed; reply through /comments/.")
                raise serializers.ValidationError({key: [message] for key in fixed})
            return attrs
        target = attrs["target"]
        field = TARGET_FIELDS[ThreadTarget(target)]
        errors = {}
        if not attrs.get(field):
            errors[field] = [_("Name the %(what)s the thread is about.") % {"what": field}]
        for other in TARGET_FIELDS.values():
            if other != field and attrs.get(other) is not None:
                errors[other] = [_("Only the object of the thread's target.")]
        if target == ThreadTarget.QUESTION and not attrs.get("question_key"):
            errors["question_key"] = [_("Name the question.")]
        if target != ThreadTarget.QUESTION and attrs.get("question_key"):
            errors["question_key"] = [_("Only for a thread about a question.")]
        if not (attrs.get("body") or "").strip():
            errors["body"] = [_("Write the first comment.")]
        if "resolved" in attrs:
            errors["resolved"] = [_("A new thread is open.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


THREAD_FILTERS = [
    OpenApiParameter(
        "target",
        str,
        required=False,
        enum=ThreadTarget.values,
        description="About this kind of object.",
    ),
    OpenApiParameter("tool", int, required=False, description="About this tool."),
    OpenApiParameter("integration", int, required=False, description="About this integration."),
    OpenApiParameter("touchpoint", int, required=False, description="About this touchpoint."),
    OpenApiParameter("roadmap_item", int, required=False, description="About this roadmap item."),
    OpenApiParameter(
        "assessment", int, required=False, description="About questions of this assessment."
    ),
    OpenApiParameter("question_key", str, required=False, description="About this question."),
    OpenApiParameter(
        "open",
        bool,
        required=False,
        description="`true`: open threads only; `false`: resolved only.",
    ),
]


@extend_schema_view(
    list=extend_schema(summary="List threads", parameters=THREAD_FILTERS),
    retrieve=extend_schema(summary="Read a thread with its comments"),
    create=extend_schema(
        summary="Start a thread",
        description=(
            "`target` and its object (`tool`, `integration`, `touchpoint`, `roadmap_item`, "
            "or `assessment` + `question_key`), and `body`, the first comment. Members "
            "mentioned (`@name`) are told."
        ),
    ),
    partial_update=extend_schema(summary="Resolve or reopen a thread (`resolved`)"),
)
class ThreadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrganisationViewSetBase,
):
    model = Thread
    serializer_class = ThreadSerializer
    permission_resource = "thread"
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list = []

    def selector(self, organisation):
        return selectors._with_comments(selectors.threads_for_organisation(organisation)).order_by(
            "-last_comment_at", "-id"
        )

    def filter_queryset(self, queryset):
        params = self.request.query_params
        errors: dict = {}
        target = params.get("target")
        if target is not None:
            if target in ThreadTarget.values:
                queryset = queryset.filter(target=target)
            else:
                errors["target"] = [_("Not a kind of thread.")]
        for name in ("tool", "integration", "touchpoint", "roadmap_item", "assessment"):
            queryset = id_filter(queryset, params, name, errors)
        if params.get("question_key") is not None:
            queryset = queryset.filter(question_key=params["question_key"])
        state = params.get("open")
        if state is not None:
            if state in ("true", "false"):
                queryset = queryset.filter(resolved_at__isnull=state == "true")
            else:
                errors["open"] = [_("true or false.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        target = ThreadTarget(data["target"])
        try:
            if target == ThreadTarget.QUESTION:
                thread = services.start_thread(
                    organisation=self.request.organisation,
                    user=self.request.user,
                    body=data["body"],
                    assessment=data["assessment"],
                    question_key=data["question_key"],
                )
            else:
                thread = services.start_thread(
                    organisation=self.request.organisation,
                    user=self.request.user,
                    body=data["body"],
                    obj=data[TARGET_FIELDS[target]],
                )
        except ServiceError as error:
            field = "question_key" if target == ThreadTarget.QUESTION else "body"
            raise _drf_error(error, field) from None
        serializer.instance = self.get_queryset().get(pk=thread.pk)

    def perform_update(self, serializer):
        thread = serializer.instance
        resolved = serializer.validated_data.get("resolved")
        if resolved is True:
            services.resolve_thread(thread=thread, user=self.request.user)
        elif resolved is False:
            services.reopen_thread(thread=thread, user=self.request.user)
        serializer.instance = self.get_queryset().get(pk=thread.pk)


COMMENT_FILTERS = [
    OpenApiParameter("thread", int, required=False, description="Of this thread."),
    OpenApiParameter("author", str, required=False, description="`me`, or a member's user id."),
]


@extend_schema_view(
    list=extend_schema(summary="List comments", parameters=COMMENT_FILTERS),
    retrieve=extend_schema(summary="Read a comment"),
    create=extend_schema(
        summary="Comment in a thread",
        description="Replying to a resolved thread reopens it. Members mentioned are told.",
    ),
    partial_update=extend_schema(summary="Edit one's own comment"),
    destroy=extend_schema(
        summary="Delete a comment",
        description=(
            "One's own; an organisation owner may delete any. A thread left empty goes too."
        ),
    ),
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrganisationViewSetBase,
):
    model = Comment
    serializer_class = CommentSerializer
    permission_resource = "comment"
    http_method_names = NO_PUT
    filter_backends: list = []

    def selector(self, organisation):
        return (
            selectors.comments_for_organisation(organisation)
            .select_related("author", "thread")
            .prefetch_related("mentions")
            .order_by("created_at", "id")
        )

    def filter_queryset(self, queryset):
        params = self.request.query_params
        errors: dict = {}
        queryset = id_filter(queryset, params, "thread", errors)
        queryset = person_filter(queryset, params, "author", errors, self.request.user)
        if errors:
            raise exceptions.ValidationError(errors)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            comment = services.add_comment(
                thread=data["thread"], user=self.request.user, body=data["body"]
            )
        except ServiceError as error:
            raise _drf_error(error) from None
        serializer.instance = self.get_queryset().get(pk=comment.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        comment = serializer.instance
        if "body" in data:
            try:
                services.edit_comment(comment=comment, user=self.request.user, body=data["body"])
            except ServiceError as error:
                raise _drf_error(error) from None
        serializer.instance = self.get_queryset().get(pk=comment.pk)

    def perform_destroy(self, instance):
        services.delete_comment(comment=instance, user=self.request.user)
