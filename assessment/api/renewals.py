"""`GET /api/v1/renewals/?days=90`: the renewal calendar's list (docs/renewals.md) — every
renewal date and last day to cancel in the next `days` days, in date order, with passed
notice deadlines of contracts not yet renewed first. Read-only, for whoever may see tools."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from assessment.models import ToolStatus
from assessment.renewals import calendar, selectors
from core.api.viewsets import OrganisationAPIMixin


class RenewalEntrySerializer(serializers.Serializer):
    tool = serializers.IntegerField(read_only=True, help_text="The tool's id (`tools/{id}/`).")
    tool_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(
        choices=[calendar.RENEWAL, calendar.CANCEL],
        read_only=True,
        help_text="`renewal`: the renewal date; `cancel`: the last day to cancel.",
    )
    date = serializers.DateField(read_only=True)
    days_left = serializers.IntegerField(read_only=True, help_text="Negative once passed.")
    overdue = serializers.BooleanField(
        read_only=True,
        help_text="A last day to cancel that has passed while the renewal is still ahead.",
    )
    renewal_date = serializers.DateField(read_only=True)
    notice_period_days = serializers.IntegerField(read_only=True, allow_null=True)
    annual_cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(read_only=True)
    utilisation = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Active users ÷ seats; null when unknown."
    )
    business_owner = serializers.CharField(read_only=True)
    auto_renewal = serializers.BooleanField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)

    def to_representation(self, entry):
        contract = entry.contract
        return {
            "tool": contract.tool_id,
            "tool_name": contract.name,
            "kind": entry.kind,
            "date": entry.date.isoformat(),
            "days_left": entry.days_left,
            "overdue": entry.overdue,
            "renewal_date": contract.renewal_date.isoformat(),
            "notice_period_days": contract.notice_period_days,
            "annual_cost": (
                None if contract.annual_cost is None else f"{contract.annual_cost:.2f}"
            ),
            "currency": contract.currency,
            "utilisation": contract.utilisation,
            "business_owner": contract.owner,
            "auto_renewal": contract.auto_renewal,
            "status": contract.status,
        }


class RenewalQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(
        choices=calendar.HORIZONS, required=False, default=calendar.DEFAULT_HORIZON
    )
    owner = serializers.CharField(required=False, default="", max_length=200)
    status = serializers.ChoiceField(choices=ToolStatus.choices, required=False, default="")


@extend_schema_view(
    list=extend_schema(
        summary="List upcoming renewals and notice deadlines",
        description=(
            "The renewal calendar's list: every renewal date and last day to cancel (renewal "
            "date minus the notice period) of the organisation's tools in the next `days` "
            "days, in date order; last days to cancel already passed while the renewal is "
            "still ahead come first with `overdue: true`. The same data as the Renewals page."
        ),
        parameters=[
            OpenApiParameter(
                "days",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=False,
                enum=list(calendar.HORIZONS),
                description="The horizon in days (default 90).",
            ),
            OpenApiParameter(
                "owner",
                str,
                OpenApiParameter.QUERY,
                required=False,
                description="Only tools of this business owner (ignoring case).",
            ),
            OpenApiParameter(
                "status",
                str,
                OpenApiParameter.QUERY,
                required=False,
                enum=list(ToolStatus.values),
                description="Only tools with this status.",
            ),
        ],
    )
)
class RenewalViewSet(OrganisationAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_resource = "tool"  # whoever may see tools
    serializer_class = RenewalEntrySerializer
    filter_backends: list = []

    def get_queryset(self):
        query = RenewalQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        contracts = selectors.contracts(
            self.request.organisation, owner=params["owner"], status=params["status"]
        )
        return list(calendar.upcoming(contracts, timezone.localdate(), params["days"]).entries)
