"""The inventories' and the taxonomy's serializers (validation is the pages' forms)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from assessment.api.common import (
    FormValidatedSerializer,
    ScopedSerializerMixin,
    StrictCharField,
    StrictPrimaryKeyRelatedField,
)
from assessment.inventory import confirmation
from assessment.inventory.forms import IntegrationForm, ToolForm, TouchpointForm
from assessment.models import (
    DataObject,
    Integration,
    JourneyStage,
    ReviewState,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.selectors import member_users

TIMESTAMPS = ["created_at", "updated_at"]


class ToolSerializer(FormValidatedSerializer):
    form_class = ToolForm
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=JourneyStage.choices), required=False
    )
    utilisation = serializers.FloatField(read_only=True, allow_null=True)
    over_capacity = serializers.BooleanField(read_only=True)
    last_day_to_cancel = serializers.DateField(read_only=True, allow_null=True)
    cost_per_active_user = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )
    # Checked by the form, as on the page: "hubspot.com" reads as https://hubspot.com.
    website = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="The product's website (http or https); an address without a scheme "
        "gets https://.",
    )
    catalogue_slug = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The known product this tool is: the slug of a catalogue entry "
        "(GET /api/v1/catalogue/); blank when none.",
    )
    integration_count = serializers.IntegerField(read_only=True, default=0)
    owned_by = StrictPrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        help_text="The owner member: the user id of a member of the organisation; null for none. "
        "Another organisation's user is refused. `business_owner` stays a free label.",
        error_messages={"does_not_exist": "Choose a member of this organisation as the owner."},
    )
    confirmed_by = serializers.SerializerMethodField(
        help_text="The e-mail of the member who confirmed the record; null when not confirmed."
    )
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    confirmation = serializers.SerializerMethodField(
        help_text="confirmed, stale (older than the organisation's staleness days) or missing."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["owned_by"].queryset = member_users(self.organisation)
        return fields

    def get_confirmed_by(self, tool) -> str | None:
        return tool.confirmed_by.email if tool.confirmed_by_id else None

    def get_confirmation(self, tool) -> str:
        return confirmation.state(tool, self.organisation)

    class Meta:
        model = Tool
        fields = [
            "id",
            *ToolForm._meta.fields,
            "utilisation",
            "over_capacity",
            "last_day_to_cancel",
            "cost_per_active_user",
            "integration_count",
            "confirmed_by",
            "confirmed_at",
            "confirmation",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS
        validators = []  # the form checks unique names (case-insensitive)


class IntegrationSerializer(FormValidatedSerializer):
    form_class = IntegrationForm
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)
    reviewed_by = serializers.EmailField(
        source="reviewed_by.email", read_only=True, allow_null=True
    )

    class Meta:
        model = Integration
        fields = [
            "id",
            *IntegrationForm._meta.fields,
            "source_name",
            "target_name",
            "review_state",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            *TIMESTAMPS,
        ]
        read_only_fields = ["review_state", "reviewed_at", "review_note", *TIMESTAMPS]
        validators = []


class TouchpointSerializer(FormValidatedSerializer):
    form_class = TouchpointForm

    class Meta:
        model = Touchpoint
        fields = ["id", *TouchpointForm._meta.fields, *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []


class ReviewSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[ReviewState.VERIFIED, ReviewState.FLAGGED])
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=4000)


class ToolCategorySerializer(serializers.ModelSerializer):
    subcategory_count = serializers.IntegerField(read_only=True)
    tool_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ToolCategory
        fields = ["id", "key", "name", "aliases", "position", "subcategory_count", "tool_count"]
        read_only_fields = fields


class ToolSubcategorySerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    tool_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ToolSubcategory
        fields = ["id", "key", "name", "aliases", "position", "category", "tool_count"]
        read_only_fields = fields


class DataObjectSerializer(serializers.ModelSerializer):
    integration_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DataObject
        fields = ["id", "key", "name", "aliases", "position", "integration_count"]
        read_only_fields = fields
