"""Frameworks (read) and answers (read; bulk upsert with the stale-version rule). Writes go
through `assessment.questionnaire.services`; who may answer what is
`selectors.answer_action` and `core.permissions.can`."""

from __future__ import annotations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from assessment.models import Answer, FrameworkVersion
from assessment.questionnaire import assignments, selectors, services
from assessment.questionnaire.filtersets import FrameworkVersionFilterSet
from core.api.errors import APIError, Conflict, ErrorDetailSerializer
from core.permissions import can

from .common import (
    AssessmentChildViewSet,
    ReadOnlyViewSet,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    list_errors,
    row_fields,
)

# --- frameworks --------------------------------------------------------------------------


class TextField(serializers.Field):
    """A framework text in the request's language (English when not translated)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source_attrs[-1], None)

    def to_representation(self, value):
        return value.get(get_language()) if value is not None else None


extend_schema_field({"type": "string", "nullable": True})(TextField)


def _condition(condition) -> dict | None:
    if condition is None:
        return None
    data = {"op": condition.op}
    if condition.question is not None:
        data["question"] = condition.question
    if condition.value is not None:
        data["value"] = (
            list(condition.value) if isinstance(condition.value, tuple) else (condition.value)
        )
    if condition.conditions:
        data["conditions"] = [_condition(c) for c in condition.conditions]
    return data


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = TextField()


class LevelSerializer(serializers.Serializer):
    value = serializers.IntegerField(read_only=True)
    text = TextField()


class QuestionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    text = TextField()
    help = TextField()
    step = serializers.CharField(read_only=True)
    section = serializers.CharField(read_only=True)
    allow_na = serializers.BooleanField(read_only=True)
    scored = serializers.BooleanField(read_only=True)
    weight = serializers.FloatField(read_only=True)
    unit = TextField()
    min = serializers.FloatField(read_only=True, allow_null=True)
    max = serializers.FloatField(read_only=True, allow_null=True)
    choices = ChoiceSerializer(many=True, read_only=True)
    levels = LevelSerializer(many=True, read_only=True)
    show_if = serializers.SerializerMethodField()

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_show_if(self, question) -> dict | None:
        return _condition(question.show_if)


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = TextField()
    intro = TextField()
    questions = QuestionSerializer(many=True, read_only=True)


class StepSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = TextField()
    intro = TextField()
    weight = serializers.FloatField(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)


class FrameworkVersionSerializer(serializers.ModelSerializer):
    is_builtin = serializers.BooleanField(read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = ["id", "key", "version", "title", "is_builtin", "changes", "created_at"]
        read_only_fields = fields


class FrameworkVersionDetailSerializer(FrameworkVersionSerializer):
    steps = StepSerializer(source="framework.steps", many=True, read_only=True)

    class Meta(FrameworkVersionSerializer.Meta):
        fields = [*FrameworkVersionSerializer.Meta.fields, "steps"]
        read_only_fields = fields


class FrameworkViewSet(ReadOnlyViewSet):
    """Framework versions available to the organisation (built-in and its own); one
    version with its steps, sections and questions (from the cached parsed file)."""

    model = FrameworkVersion
    permission_resource = "framework"
    filterset_class = FrameworkVersionFilterSet
    ordering_fields = ["key", "version", "created_at"]

    def selector(self, organisation):
        services.ensure_default_framework()  # registered lazily, as on the pages
        return selectors.framework_versions_for(organisation)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return FrameworkVersionDetailSerializer
        return FrameworkVersionSerializer


# --- answers -----------------------------------------------------------------------------


class AnswerSerializer(serializers.ModelSerializer):
    na = serializers.BooleanField(source="is_na", read_only=True)
    value = serializers.JSONField(read_only=True, allow_null=True)
    answered_by = serializers.EmailField(
        source="answered_by.email", read_only=True, allow_null=True
    )
    note_by = serializers.EmailField(source="note_by.email", read_only=True, allow_null=True)

    class Meta:
        model = Answer
        fields = [
            "question_key",
            "value",
            "na",
            "version",
            "answered_by",
            "answered_at",
            "note",
            "note_version",
            "note_by",
            "note_at",
            "updated_at",
        ]
        read_only_fields = fields


class AnswerRowSerializer(serializers.Serializer):
    question_key = StrictCharField(max_length=100)
    value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="The answer as the question's type expects it; null clears it. Leave "
        "out (with `na` false) to change only the note.",
    )
    na = StrictBooleanField(default=False, help_text="Not applicable.")
    base_version = StrictIntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="The answer's `version` this change is based on (0: nothing stored yet).",
    )
    note = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=20000
    )
    note_base_version = StrictIntegerField(
        min_value=0,
        max_value=2**31 - 1,
        default=0,
        help_text="The note's `note_version` this change is based on.",
    )

    def validate(self, attrs):
        if "value" not in attrs and not attrs.get("na") and "note" not in attrs:
            raise serializers.ValidationError(_("Give a value, na or a note."))
        return attrs


class RowProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based position of the row in the batch.")
    field = serializers.CharField()
    message = serializers.CharField()


class BatchErrorDetailSerializer(ErrorDetailSerializer):
    rows = RowProblemSerializer(many=True, required=False)


class BatchErrorSerializer(serializers.Serializer):
    error = BatchErrorDetailSerializer()


class ConflictRowSerializer(RowProblemSerializer):
    question_key = serializers.CharField()
    current = AnswerSerializer(allow_null=True, help_text="The answer as stored now.")


class ConflictErrorDetailSerializer(BatchErrorDetailSerializer):
    conflicts = ConflictRowSerializer(many=True)


class ConflictErrorSerializer(serializers.Serializer):
    error = ConflictErrorDetailSerializer()


class AnswerBatchResultSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)


def _rows(problems) -> list[dict]:
    return [{"index": p.index, "field": p.field, "message": p.message} for p in problems]


class AnswerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AssessmentChildViewSet,
):
    """Stored answers of one assessment; `bulk/` saves many at once, all or nothing."""

    serializer_class = AnswerSerializer
    permission_resource = "answer"
    permission_actions = {
        # Each row is then checked for its own step: `selectors.answer_action`.
        "bulk": ("answer.change", "answer.change_architecture", "answer.note"),
    }
    lookup_field = "question_key"
    lookup_value_regex = "[^/]+"
    api_conflict_responses = True
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.request.organisation is None:
            return Answer.objects.none()
        return (
            Answer.objects.filter(assessment=self.get_assessment())
            .select_related("answered_by", "note_by")
            .order_by("question_key")
        )

    @extend_schema(
        summary="Save many answers and notes at once (all or nothing)",
        description=(
            "Every row is checked first: an unknown question, an invalid value or note, or a "
            "question twice → **400**, naming each row (`fields` as `[index].field`, and "
            "`rows`). A row the role may not write (reviewers: architecture answers and "
            "notes only) → **403**. Then every row is saved with the same stale-version rule "
            "as the questionnaire page, in one transaction: a row based on an old `version` "
            "(or `note_version`) → **409** with each stale row and the answer as stored now "
            "(`conflicts`), and nothing is saved. Retry with the current versions to keep "
            "yours."
        ),
        request=AnswerRowSerializer(many=True),
        responses={
            200: AnswerBatchResultSerializer,
            400: BatchErrorSerializer,
            403: BatchErrorSerializer,
            409: ConflictErrorSerializer,
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, assessment_pk=None):
        assessment = self.get_assessment()
        membership = request.membership
        if assessment.is_final:
            raise exceptions.PermissionDenied(_("This assessment is final and cannot be changed."))
        batch = AnswerRowSerializer(data=request.data, many=True)
        if not batch.is_valid():
            raise APIError(
                _("Some rows are invalid; nothing was saved."), fields=list_errors(batch.errors)
            )
        rows = [
            services.AnswerRow(
                question_key=row["question_key"],
                value=row.get("value"),
                na=row["na"],
                has_value="value" in row or row["na"],
                base_version=row["base_version"],
                note=row.get("note"),
                note_base_version=row["note_base_version"],
            )
            for row in batch.validated_data
        ]
        problems = services.check_answer_rows(assessment=assessment, rows=rows)
        if problems:
            raise APIError(
                ngettext(
                    "%(n)d row is invalid; nothing was saved.",
                    "%(n)d rows are invalid; nothing was saved.",
                    len(problems),
                )
                % {"n": len(problems)},
                fields=row_fields(problems),
                extra={"rows": _rows(problems)},
            )
        refused = []
        assigned = assignments.assigned_keys(assessment, request.user)
        for index, row in enumerate(rows):
            question = assessment.framework.question(row.question_key)
            if row.has_value and not assignments.may_answer(
                membership, assessment, question, assigned
            ):
                refused.append(
                    services.RowProblem(index, "value", _("Your role may not answer this step."))
                )
            if row.note is not None and not can(membership, "answer.note", assessment):
                refused.append(
                    services.RowProblem(index, "note", _("Your role may not add notes."))
                )
        if refused:
            raise APIError(
                ngettext(
                    "Your role may not save %(n)d row; nothing was saved.",
                    "Your role may not save %(n)d rows; nothing was saved.",
                    len(refused),
                )
                % {"n": len(refused)},
                status=403,
                code="permission_denied",
                fields=row_fields(refused),
                extra={"rows": _rows(refused)},
            )
        try:
            saved = services.save_answers(assessment=assessment, rows=rows, user=request.user)
        except services.AnswerBatchConflict as conflict:
            problems = conflict.problems
            raise Conflict(
                ngettext(
                    "%(n)d row is based on an old version; nothing was saved.",
                    "%(n)d rows are based on an old version; nothing was saved.",
                    len(problems),
                )
                % {"n": len(problems)},
                fields=row_fields(problems),
                extra={
                    "rows": _rows(problems),
                    "conflicts": [
                        {
                            **row,
                            "question_key": rows[p.index].question_key,
                            "current": AnswerSerializer(p.current).data if p.current else None,
                        }
                        for row, p in zip(_rows(problems), problems, strict=True)
                    ],
                },
            ) from None
        except services.AnswerBatchInvalid as invalid:  # changed since the check above
            raise APIError(
                _("Some rows are invalid; nothing was saved."),
                fields=row_fields(invalid.problems),
                extra={"rows": _rows(invalid.problems)},
            ) from None
        return Response({"answers": AnswerSerializer(saved, many=True).data})
