"""/api/v1/history/: the organisation's change history, read-only (every role), with the
changes both as stored and as people read them; ``POST /api/v1/history/{id}/restore/``
restores an earlier version of a tool, integration, touchpoint or roadmap item (the same
service as the page's button; needs the right to change that object)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import OrganisationAPIMixin
from core.history import display, registry, selectors
from core.history.filters import HistoryAPIFilterSet
from core.models import HistoryEntry
from core.permissions import can
from core.services import ServiceError

ACTIONS = {0: "create", 1: "update", 2: "delete", 3: "access"}


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as stored.")
    label = serializers.CharField(help_text="The field's readable name.")
    old = serializers.CharField(help_text="The old value, readable ('' for none).")
    new = serializers.CharField(help_text="The new value, readable.")
    added = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="Many-to-many: names added."
    )
    removed = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="Many-to-many: names removed."
    )


class HistoryEntrySerializer(serializers.ModelSerializer):
    action = serializers.SerializerMethodField()
    object_type = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    token = serializers.SerializerMethodField()
    readable_changes = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = HistoryEntry
        fields = [
            "id",
            "timestamp",
            "action",
            "source",
            "actor",
            "actor_name",
            "token",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "readable_changes",
            "summary",
            "parent",
            "additional_data",
        ]
        read_only_fields = fields

    def _row(self, obj) -> display.EntryRow:
        rows = self.context.setdefault("rows", {})
        if obj.pk not in rows:
            rows[obj.pk] = display.display_rows([obj], link_objects=False)[0]
        return rows[obj.pk]

    def get_action(self, obj) -> str:
        return ACTIONS.get(obj.action, str(obj.action))

    def get_object_type(self, obj) -> str:
        model = obj.content_type.model_class() if obj.content_type_id else None
        return model._meta.label_lower if model else ""

    def get_actor_name(self, obj) -> str:
        return self._row(obj).who

    def get_token(self, obj) -> str | None:
        return obj.token.name if obj.token_id and obj.token else None

    @extend_schema_field(ChangeSerializer(many=True))
    def get_readable_changes(self, obj) -> list[dict]:
        return [
            {
                "field": c.field,
                "label": c.label,
                "old": c.old,
                "new": c.new,
                "added": c.added,
                "removed": c.removed,
            }
            for c in self._row(obj).changes
        ]

    def get_summary(self, obj) -> str:
        row = self._row(obj)
        return row.import_summary or row.changes_text()


@extend_schema_view(
    list=extend_schema(summary="The organisation's change history, newest first"),
    retrieve=extend_schema(summary="One change"),
)
class HistoryEntryViewSet(
    OrganisationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = HistoryEntrySerializer
    permission_resource = "history"
    permission_actions = {"restore": "history.view"}  # and the object's own right, below
    filter_backends = [DjangoFilterBackend]
    filterset_class = HistoryAPIFilterSet

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        return selectors.activity(organisation, top_level=False).select_related("content_type")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.setdefault("rows", {})
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        entries = page if page is not None else list(queryset)
        context = self.get_serializer_context()
        context["rows"] = {
            row.entry.pk: row for row in display.display_rows(entries, link_objects=False)
        }
        serializer = self.get_serializer_class()(entries, many=True, context=context)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    @extend_schema(
        summary="Restore the version this change left (tools, integrations, touchpoints, "
        "roadmap items)",
        request=None,
        responses=inline_serializer(
            "HistoryRestoreResult",
            {
                "object_type": serializers.CharField(),
                "object_id": serializers.IntegerField(),
                "object_repr": serializers.CharField(),
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        entry = self.get_object()
        model = entry.content_type.model_class()
        needs = registry.restore_action(model) if model else ""
        if not needs:
            raise exceptions.ValidationError(
                {
                    "non_field_errors": [
                        _("Only tools, integrations, touchpoints and roadmap items are restored.")
                    ]
                }
            )
        obj = model._base_manager.filter(
            pk=entry.object_id, organisation=request.organisation
        ).first()
        if not can(request.membership, needs, obj):
            raise exceptions.PermissionDenied()
        try:
            restored = registry.restore(
                entry=entry, user=request.user, organisation=request.organisation
            )
        except ServiceError as error:
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from error
        return Response(
            {
                "object_type": model._meta.label_lower,
                "object_id": restored.pk,
                "object_repr": str(restored),
            }
        )
