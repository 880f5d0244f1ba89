"""Discovery's endpoints (issue 18): website scans (start one, follow it), SSO app list
imports, and the tools they found (list, read; add to the stack, link to a tool, ignore,
un-ignore). Every member
who may see tools reads; owners and editors act. The same services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assessment.api.common import (
    ReadOnlyViewSet,
    StrictCharField,
    StrictPrimaryKeyRelatedField,
)
from assessment.models import DiscoveredTool, DiscoverySource, SiteScan, Tool
from assessment.scans import selectors, services, sso
from assessment.scans.filtersets import DiscoveredToolFilterSet
from core.services import ServiceError


class SiteScanSerializer(serializers.ModelSerializer):
    requested_by = serializers.EmailField(
        source="requested_by.email", read_only=True, allow_null=True
    )
    state = serializers.SerializerMethodField(
        help_text=(
            "`queued`, `waiting_for_worker`, `running`, `stalled` (its worker stopped; "
            "it is retried or failed soon), `done` or `failed`."
        )
    )
    state_message = serializers.SerializerMethodField(help_text="The state, for people.")
    errors = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Address → why that page could not be read (the scan carries on).",
    )

    class Meta:
        model = SiteScan
        fields = [
            "id",
            "urls",
            "status",
            "state",
            "state_message",
            "progress",
            "pages_visited",
            "errors",
            "out_of_time",
            "detected",
            "appeared",
            "disappeared",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def _state(self, scan) -> tuple[str, str]:
        cache = self.context.setdefault("_states", {})
        if scan.pk not in cache:
            cache[scan.pk] = selectors.scan_state(scan)
        return cache[scan.pk]

    def get_state(self, scan) -> str:
        return self._state(scan)[0]

    def get_state_message(self, scan) -> str:
        return self._state(scan)[1]


class SiteScanRequestSerializer(serializers.Serializer):
    urls = serializers.ListField(
        child=StrictCharField(max_length=2000),
        min_length=1,
        max_length=services.MAX_URLS,
        help_text=(
            "1–5 site addresses (http or https; `example.com` means https://example.com/). "
            "Each page and same-site pages it links to are read: at most 20 pages, 5 MB "
            "each, 30 seconds in all."
        ),
    )


@extend_schema_view(
    list=extend_schema(summary="The organisation's website scans, newest first"),
    retrieve=extend_schema(summary="One website scan: poll it until `done` or `failed`"),
)
class SiteScanViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    model = SiteScan
    serializer_class = SiteScanSerializer
    permission_resource = "sitescan"
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]

    def selector(self, organisation):
        return selectors.scans(organisation).order_by("-created_at", "-pk")

    @extend_schema(
        summary="Scan the organisation's website",
        description=(
            "**201** with the queued scan; poll it (`GET website-scans/{id}/`) until `done`, "
            "then read `discovered-tools/`. One scan runs per organisation at a time: a "
            "second request while one is queued or running is a 400. Owners and editors."
        ),
        request=SiteScanRequestSerializer,
        responses={201: SiteScanSerializer},
    )
    def create(self, request, *args, **kwargs):
        body = SiteScanRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            scan = services.request_scan(
                organisation=request.organisation,
                user=request.user,
                urls=body.validated_data["urls"],
            )
        except ServiceError as error:
            raise serializers.ValidationError({"urls": error.messages}) from error
        scan = self.get_queryset().get(pk=scan.pk)
        return Response(self.get_serializer(scan).data, status=status.HTTP_201_CREATED)


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="script, inline-script, html, header, cookie, meta, url or implied."
    )
    detail = serializers.CharField(help_text="What matched.")


class DiscoveredToolSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    subcategory_name = serializers.CharField(
        source="subcategory.display_name", read_only=True, allow_null=True
    )
    tool_name = serializers.CharField(source="tool.name", read_only=True, allow_null=True)
    present = serializers.BooleanField(
        source="is_present", read_only=True, help_text="Seen by the last scan."
    )

    class Meta:
        model = DiscoveredTool
        fields = [
            "id",
            "source",
            "slug",
            "name",
            "version",
            "confidence",
            "evidence",
            "subcategory",
            "subcategory_name",
            "tool",
            "tool_name",
            "state",
            "present",
            "first_seen_at",
            "last_seen_at",
            "gone_at",
            "last_scan",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DecideRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=sorted(services.DECISIONS),
        help_text="add, link (each to the tool it was matched to), ignore or unignore.",
    )
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
    )


class DecideResultSerializer(serializers.Serializer):
    decided = serializers.ListField(
        child=serializers.IntegerField(), help_text="The ids decided now."
    )
    refused = serializers.ListField(
        child=serializers.CharField(), help_text="Why each of the others could not be."
    )


class DiscoveredLinkSerializer(serializers.Serializer):
    tool = StrictPrimaryKeyRelatedField(
        queryset=Tool.objects.all(), help_text="The id of a tool of the organisation's stack."
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = Tool.objects.for_organisation(organisation)


DECISION = "discoveredtool.change"


class SsoImportRequestSerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[(v, label) for v, label in DiscoverySource.choices if v in sso.SSO_SOURCES],
        help_text="`okta`, `entra` or `google`: the provider the file was exported from.",
    )
    file = serializers.FileField(
        help_text="The app list as CSV (UTF-8, UTF-16 or Windows-1252; at most 5 MB); "
        "the formats are in docs/sso-imports.md."
    )


class SsoImportResultSerializer(serializers.Serializer):
    source = serializers.CharField()
    apps = serializers.IntegerField(help_text="Discovered tools the file lists.")
    appeared = serializers.IntegerField(help_text="New ones (or back after a list without them).")
    updated = serializers.IntegerField(help_text="Already known.")
    gone = serializers.IntegerField(help_text="Of this source, no longer listed: marked gone.")


@extend_schema_view(
    list=extend_schema(summary="Tools found on the organisation's website"),
    retrieve=extend_schema(summary="One discovered tool, with its evidence"),
)
class DiscoveredToolViewSet(ReadOnlyViewSet):
    model = DiscoveredTool
    serializer_class = DiscoveredToolSerializer
    permission_resource = "discoveredtool"
    permission_actions = {
        "add": DECISION,
        "link": DECISION,
        "ignore": DECISION,
        "unignore": DECISION,
        "decide": DECISION,
        "import_sso": "sitescan.add",
    }
    filterset_class = DiscoveredToolFilterSet
    ordering_fields = ["name", "last_seen_at", "first_seen_at"]

    def selector(self, organisation):
        return selectors.discovered_tools(organisation)

    def answer(self, discovered):
        return Response(self.get_serializer(self.get_queryset().get(pk=discovered.pk)).data)

    @extend_schema(
        summary="Add it to the stack",
        description=(
            "Creates a tool of the catalogue's name in the proposed subcategory, with the "
            "catalogue's website and description and the product as its `catalogue_slug`, "
            "and links it. 400 when a tool of that name or that known product is already in "
            "the stack (link to it instead)."
        ),
        request=None,
        responses={200: DiscoveredToolSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def add(self, request, pk=None):
        discovered = self.get_object()
        services.add_discovered(discovered=discovered, user=request.user)
        return self.answer(discovered)

    @extend_schema(
        summary="Link it to a tool of the stack",
        request=DiscoveredLinkSerializer,
        responses={200: DiscoveredToolSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def link(self, request, pk=None):
        discovered = self.get_object()
        body = DiscoveredLinkSerializer(data=request.data, organisation=request.organisation)
        body.is_valid(raise_exception=True)
        services.link_discovered(
            discovered=discovered, tool=body.validated_data["tool"], user=request.user
        )
        return self.answer(discovered)

    @extend_schema(
        summary="Ignore it (kept, so a re-scan does not propose it again)",
        request=None,
        responses={200: DiscoveredToolSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def ignore(self, request, pk=None):
        discovered = self.get_object()
        services.ignore_discovered(discovered=discovered, user=request.user)
        return self.answer(discovered)

    @extend_schema(
        summary="Un-ignore it",
        request=None,
        responses={200: DiscoveredToolSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def unignore(self, request, pk=None):
        discovered = self.get_object()
        services.unignore_discovered(discovered=discovered, user=request.user)
        return self.answer(discovered)

    @extend_schema(
        summary="Decide many at once",
        description=(
            "One decision for up to 500 discovered tools of the organisation (other ids are "
            "not seen). Each is decided on its own: those that cannot be (a tool of that "
            "name already in the stack, no matched tool to link to) are listed in "
            "`refused` and the others are decided all the same; rows already so are left "
            "alone. In the web page, the toast offers undo for 10 minutes."
        ),
        request=DecideRequestSerializer,
        responses={200: DecideResultSerializer},
    )
    @action(detail=False, methods=["post"], filter_backends=[])
    def decide(self, request):
        body = DecideRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = services.decide_discovered(
            organisation=request.organisation,
            user=request.user,
            ids=body.validated_data["ids"],
            action=body.validated_data["action"],
        )
        return Response({"decided": [d.pk for d in decided.done], "refused": decided.refused})

    @extend_schema(
        summary="Import an SSO app list (Okta, Microsoft Entra, Google Workspace)",
        description=(
            "Multipart: `source` and `file` (CSV). All or nothing: **200** with the counts; "
            "**400** with `file` holding every problem (the file, or one message per bad "
            "row) and nothing changed. The apps become discovered tools of that source, "
            "with their sign-ins, users and last use as evidence; those of that source the "
            "file no longer lists are marked gone. Owners and editors."
        ),
        request={"multipart/form-data": SsoImportRequestSerializer},
        responses={200: SsoImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import-sso",
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_sso(self, request):
        body = SsoImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = sso.import_sso_apps(
                organisation=request.organisation,
                user=request.user,
                source=body.validated_data["source"],
                file=body.validated_data["file"],
            )
        except ServiceError as error:
            raise serializers.ValidationError({"file": error.messages}) from error
        return Response(SsoImportResultSerializer(result).data)
