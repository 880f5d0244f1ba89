"""Scores (read), findings (read) and the roadmap (edit, accept, dismiss, move, reorder,
regenerate). Reads go through `assessment.results.selectors` after `services.ensure_results`
(as the dashboard and the roadmap page do); writes through `assessment.results.services`;
validation is the pages' forms; filters are the pages' FilterSets; a final assessment's
roadmap is read-only by the object rules of `assessment.results.rules` (403)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from assessment.models import Finding, Horizon, RoadmapItem
from assessment.results import selectors, services
from assessment.results.filtersets import FindingFilterSet, RoadmapItemListFilterSet
from assessment.results.forms import DismissForm, MoveForm, RoadmapItemForm
from assessment.results.services.curation import EDITABLE_FIELDS
from core.selectors import member_users

from .common import (
    NO_PUT,
    AssessmentChildViewSet,
    FormValidatedSerializer,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)


def form_errors(form) -> serializers.ValidationError:
    return serializers.ValidationError(
        {
            ("non_field_errors" if key == "__all__" else key): [str(m) for m in messages]
            for key, messages in form.errors.items()
        }
    )


class FormSerializer(serializers.Serializer):
    """Typed fields for parsing and the schema; a plain form of the pages validates."""

    form_class: type[forms.Form] | None = None

    def validate(self, attrs):
        form = self.form_class(data=attrs)
        if not form.is_valid():
            raise form_errors(form)
        return form.cleaned_data


# --- scores ------------------------------------------------------------------------------


class CompletenessSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Answered or not applicable.")
    counted = serializers.IntegerField(help_text="Visible scored questions.")
    ratio = serializers.FloatField(allow_null=True)


class MetricSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="0–100; null without data.")
    numerator = serializers.FloatField()
    denominator = serializers.FloatField()
    evidence_kind = serializers.CharField()
    evidence_ids = serializers.ListField(child=serializers.IntegerField())


class StepScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    weight = serializers.FloatField()
    score = serializers.FloatField(allow_null=True, help_text="0–100, blended with metrics.")
    questionnaire = serializers.FloatField(
        allow_null=True, help_text="The answers' weighted mean (0–100)."
    )
    level = serializers.CharField(source="level.key", allow_null=True, default=None)
    target = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True, help_text="Target − score (above 0: below).")
    completeness = CompletenessSerializer()
    metrics = MetricSerializer(many=True)


class ScoresSerializer(serializers.Serializer):
    overall = serializers.FloatField(allow_null=True)
    level = serializers.CharField(source="level.key", allow_null=True, default=None)
    completeness = CompletenessSerializer()
    steps = StepScoreSerializer(many=True)
    metrics = serializers.SerializerMethodField()

    @extend_schema_field(MetricSerializer(many=True))
    def get_metrics(self, scores) -> list:
        return MetricSerializer(list(scores.metrics.values()), many=True).data


class RegenerateResultSerializer(serializers.Serializer):
    findings = serializers.IntegerField(help_text="How many findings there are now.")
    roadmap_items = serializers.IntegerField(help_text="How many roadmap items (any status).")
    scores = ScoresSerializer()


class AssessmentResultsActions:
    """`assessments/{id}/scores/` and `…/regenerate/`, mixed into the assessment viewset."""

    results_permission_actions = {
        "scores": "assessment.view",
        "regenerate": "roadmap.regenerate",
    }

    @extend_schema(
        summary="Scores: overall, level, and per step (score, questionnaire, metrics, target, gap)",
        description="Computed on request, as on the dashboard (findings and the roadmap are "
        "refreshed when their inputs changed; a final assessment's come from its snapshot).",
        request=None,
        responses={200: ScoresSerializer},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def scores(self, request, *args, **kwargs):
        computed = services.ensure_results(self.get_object())
        return Response(ScoresSerializer(computed.result.scores).data)

    @extend_schema(
        summary="Regenerate findings and the roadmap",
        description="Findings are replaced; roadmap items are merged: fields a person changed "
        "(`edited_fields`) and dismissals are kept, items added by hand stay. Owners and "
        "editors; a final assessment → 403.",
        request=None,
        responses={200: RegenerateResultSerializer},
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def regenerate(self, request, *args, **kwargs):
        assessment = self.get_object()
        computed = services.compute_results(assessment)
        return Response(
            RegenerateResultSerializer(
                {
                    "findings": selectors.findings(assessment).count(),
                    "roadmap_items": selectors.roadmap_items(assessment).count(),
                    "scores": computed.result.scores,
                }
            ).data
        )


# --- findings ----------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    title = serializers.CharField(
        source="display_title", help_text="In the request's language (Accept-Language)."
    )
    detail = serializers.CharField(
        source="display_detail", help_text="In the request's language (Accept-Language)."
    )
    recommendation = serializers.CharField(
        source="display_recommendation",
        help_text="What to do about it, in the request's language (Accept-Language).",
    )
    evidence = serializers.JSONField(
        help_text="answer_keys, answer_ids, tool_ids, integration_ids, touchpoint_ids."
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "key",
            "rule",
            "severity",
            "step",
            "title",
            "detail",
            "recommendation",
            "evidence",
            "savings",
            "currency",
            "position",
            "computed_at",
        ]
        read_only_fields = fields


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AssessmentChildViewSet):
    """Findings of the assessment's last computation, in the dashboard's order. They are
    replaced on every regeneration, so refer to one by its `key` (stable), not its id."""

    serializer_class = FindingSerializer
    permission_resource = "finding"
    filterset_class = FindingFilterSet
    lookup_field = "key"
    lookup_value_regex = "[^/]+"
    refresh_on_read = True
    ordering_fields = ["position", "severity", "step"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.request.organisation is None:
            return Finding.objects.none()
        return selectors.findings(self.get_assessment())


# --- roadmap -----------------------------------------------------------------------------


class RoadmapItemSerializer(FormValidatedSerializer):
    """Writable: the page's item form (title, description, owner, due date, horizon, impact,
    effort) and, when adding an item, its step."""

    form_class = RoadmapItemForm
    step = serializers.ChoiceField(
        choices=RoadmapItem._meta.get_field("step").choices,
        required=False,
        allow_blank=True,
        help_text="Set when adding an item; read-only afterwards.",
    )
    impact = serializers.ChoiceField(
        choices=RoadmapItem._meta.get_field("impact").choices, required=False
    )
    edited_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Fields changed by a person: regenerating never overwrites them.",
    )
    owned_by = StrictPrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        help_text="The owner member (a user id); null for none. `owner` stays a free label.",
        error_messages={"does_not_exist": "Choose a member of this organisation as the owner."},
    )
    dependencies = serializers.ListField(child=serializers.CharField(), read_only=True)
    finding_keys = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = RoadmapItem
        fields = ["id", *RoadmapItem.PUBLIC_FIELDS, "owned_by", "created_at", "updated_at"]
        read_only_fields = [
            "key",
            "generated",
            "quadrant",
            "priority",
            "position",
            "status",
            "dismiss_reason",
            "savings",
            "currency",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        fields["owned_by"].queryset = member_users(self.organisation)
        return fields

    def to_representation(self, instance):
        """A generated title and description in the request's language (Accept-Language);
        a person's edit exactly as typed."""
        data = super().to_representation(instance)
        data["title"] = instance.title_text()
        data["description"] = instance.description_text()
        return data

    def to_internal_value(self, data):
        if self.instance is not None and isinstance(data, dict) and "step" in data:
            raise serializers.ValidationError({"step": [_("The step is set when adding.")]})
        return super().to_internal_value(data)

    def form_data(self, attrs):
        data = super().form_data(attrs)
        if self.instance is None:
            data["step"] = attrs.get("step", "")
        return data

    def make_form(self, data):
        if self.instance is None:
            return self.form_class(data=data, with_step=True, organisation=self.organisation)
        return self.form_class(data=data, instance=RoadmapItem.objects.get(pk=self.instance.pk))

    def cleaned(self, form):
        return {name: form.cleaned_data[name] for name in form.fields}


class DismissSerializer(FormSerializer):
    form_class = DismissForm
    reason = StrictCharField(help_text="Why: it stays with the item (required).")


class MoveSerializer(FormSerializer):
    form_class = MoveForm
    horizon = serializers.ChoiceField(
        choices=Horizon.choices, required=False, help_text="The column (default: the same)."
    )
    position = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=100000,
        help_text="0 = top of the column's active items; left out: the end.",
    )
    direction = serializers.ChoiceField(
        choices=[("up", "up"), ("down", "down")],
        required=False,
        help_text="One place up or down instead (horizon and position are then ignored).",
    )


class ReorderSerializer(serializers.Serializer):
    now = serializers.ListField(child=StrictIntegerField(), required=False)
    next = serializers.ListField(child=StrictIntegerField(), required=False)
    later = serializers.ListField(child=StrictIntegerField(), required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give the order of at least one column."))
        return attrs


class RoadmapViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AssessmentChildViewSet,
):
    """The assessment's roadmap, ordered by column (now, next, later), then position.
    Generated items are merged on regeneration: fields changed here (`edited_fields`) and
    dismissals are kept. A final assessment's roadmap is read-only (403)."""

    serializer_class = RoadmapItemSerializer
    permission_resource = "roadmap"
    permission_actions = {
        "accept": "roadmap.change",
        "dismiss": "roadmap.change",
        "reopen": "roadmap.change",
        "move": "roadmap.change",
        "reorder": "roadmap.change",
    }
    filterset_class = RoadmapItemListFilterSet
    filter_backends = [DjangoFilterBackend]  # always in board order
    http_method_names = NO_PUT
    refresh_on_read = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.request.organisation is None:
            return RoadmapItem.objects.none()
        return selectors.roadmap_items_by_horizon(self.get_assessment())

    def reload(self, item) -> RoadmapItem:
        return self.get_queryset().get(pk=item.pk)

    def respond(self, item) -> Response:
        return Response(self.get_serializer(self.reload(item)).data)

    def create(self, request, *args, **kwargs):
        # Adding is refused on a final assessment like any change (object rule).
        self.check_object_permissions(request, self.get_assessment())
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        item = services.add_item(
            assessment=self.get_assessment(), data=serializer.validated_data, user=self.request.user
        )
        serializer.instance = self.reload(item)

    def perform_update(self, serializer):
        data = {
            name: value
            for name, value in serializer.validated_data.items()
            if name in EDITABLE_FIELDS  # the model's and the owner member
        }
        item = services.update_item(item=serializer.instance, data=data, user=self.request.user)
        serializer.instance = self.reload(item)

    @extend_schema(summary="Accept the item", request=None, responses={200: RoadmapItemSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        item = services.accept_item(item=self.get_object(), user=request.user)
        return self.respond(item)

    @extend_schema(
        summary="Dismiss the item, with a reason",
        description="A reason is required (400 without one). Regenerating never brings a "
        "dismissed item back.",
        request=DismissSerializer,
        responses={200: RoadmapItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, *args, **kwargs):
        item = self.get_object()
        form = DismissSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        item = services.dismiss_item(
            item=item, reason=form.validated_data["reason"], user=request.user
        )
        return self.respond(item)

    @extend_schema(
        summary="Reopen an accepted or dismissed item",
        request=None,
        responses={200: RoadmapItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        item = services.reopen_item(item=self.get_object(), user=request.user)
        return self.respond(item)

    @extend_schema(
        summary="Move the item to a column and a place in it (or one place up or down)",
        description="Changing the column counts as an edit of `horizon`.",
        request=MoveSerializer,
        responses={200: RoadmapItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        item = self.get_object()
        form = MoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if data["direction"]:
            item = services.shift_item(
                item=item, delta=-1 if data["direction"] == "up" else 1, user=request.user
            )
        else:
            item = services.move_item(
                item=item,
                horizon=data["horizon"] or item.horizon,
                position=data["position"],
                user=request.user,
            )
        return self.respond(item)

    @extend_schema(
        summary="Set the order of whole columns at once (all or nothing)",
        description=(
            "For each column given (`now`, `next`, `later`), the item ids top first. A listed "
            "item moves to that column; items a column does not list keep their order after "
            "the listed ones; columns left out stay as they are. An unknown id, another "
            "assessment's item or an id listed twice → **400** naming the entry "
            "(`fields` as `next[2]`), and nothing changes. Returns the whole roadmap in order."
        ),
        request=ReorderSerializer,
        responses={200: RoadmapItemSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], pagination_class=None)
    def reorder(self, request, *args, **kwargs):
        assessment = self.get_assessment()
        self.check_object_permissions(request, assessment)
        form = ReorderSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.reorder_items(
            assessment=assessment, columns=form.validated_data, user=request.user
        )
        return Response(self.get_serializer(self.get_queryset(), many=True).data)
