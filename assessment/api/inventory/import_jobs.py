"""Large imports: `POST tools|integrations|touchpoints/import/` answers **202** with a job
for files above `IMPORT_SYNC_MAX_ROWS`; `import-jobs/{id}/` is polled until it is done.

A job is read by anyone of the organisation who may import into its inventory (the same
rule as the job page); another organisation's job is a 404 for every role.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers

from assessment.api.common import ReadOnlyViewSet
from assessment.api.inventory.import_serializers import (
    ImportRowErrorSerializer,
    UnresolvedChoiceSerializer,
)
from assessment.inventory import selectors
from assessment.models import ImportJob, ImportJobKind, ImportJobStatus
from core.permissions import can

RESOURCES = {"tools": "tool", "integrations": "integration", "touchpoints": "touchpoint"}
IMPORT_ACTIONS = tuple(f"{resource}.add" for resource in RESOURCES.values())


class ImportCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class JobUnresolvedSerializer(UnresolvedChoiceSerializer):
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    dry_run = serializers.SerializerMethodField(help_text="True: a check only, nothing written.")
    row_count = serializers.IntegerField(
        source="rows", read_only=True, help_text="Data rows in the file."
    )
    counts = serializers.SerializerMethodField(
        help_text="What was (or, for a dry run, would be) added, updated and left unchanged; "
        "null until `status` is done."
    )
    problems = serializers.SerializerMethodField(
        help_text="Problems of the file as a whole (e.g. a required column is missing)."
    )
    row_errors = serializers.SerializerMethodField(
        help_text="Row errors when the rows blocked the import (at most 500), as the "
        "synchronous import's `rows`."
    )
    unresolved = serializers.SerializerMethodField(
        help_text="Choice values that match no option (map them with `values` and send the "
        "file again)."
    )
    status_url = serializers.SerializerMethodField(help_text="This job: poll it while pending.")
    error = serializers.SerializerMethodField(
        help_text="Why it failed, for people (empty unless failed)."
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "inventory",
            "dry_run",
            "filename",
            "row_count",
            "status",
            "progress",
            "counts",
            "error",
            "problems",
            "row_errors",
            "unresolved",
            "created_at",
            "started_at",
            "finished_at",
            "status_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "queued → running → done or failed."},
            "progress": {"help_text": "0–100."},
        }

    def get_error(self, job) -> str:
        return selectors.import_job_error(job)

    def get_dry_run(self, job) -> bool:
        return job.kind == ImportJobKind.PREVIEW

    @extend_schema_field(ImportCountsSerializer(allow_null=True))
    def get_counts(self, job):
        if job.status != ImportJobStatus.DONE:
            return None
        return {key: int(job.counts.get(key, 0)) for key in ("created", "updated", "unchanged")}

    def get_problems(self, job) -> list[str]:
        return list(job.problems.get("problems", []))

    @extend_schema_field(ImportRowErrorSerializer(many=True))
    def get_row_errors(self, job):
        return list(job.problems.get("rows", []))

    @extend_schema_field(JobUnresolvedSerializer(many=True))
    def get_unresolved(self, job):
        return list(job.problems.get("unresolved", []))

    def get_status_url(self, job) -> str:
        path = reverse("api-importjob-detail", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_view(
    list=extend_schema(
        summary="Background imports, newest first",
        description="The organisation's large imports into the inventories this member may "
        "import into.",
    ),
    retrieve=extend_schema(
        summary="A background import: poll it until `status` is done or failed",
        description="Started by an import above `IMPORT_SYNC_MAX_ROWS` rows (a 202). "
        "`done`: `counts` says what was written (nothing, for a dry run). `failed`: nothing "
        "was written; `error` says why, with `problems`, `row_errors` and `unresolved` "
        "when the rows blocked it.",
    ),
)
class ImportJobViewSet(ReadOnlyViewSet):
    model = ImportJob
    serializer_class = ImportJobSerializer
    permission_resource = "tool"
    permission_actions = {"list": IMPORT_ACTIONS, "retrieve": IMPORT_ACTIONS}
    filterset_fields = ["inventory", "status"]
    ordering_fields = ["created_at"]

    def selector(self, organisation):
        # A "read" job is the upload page's: it reads a file for a preview, imports nothing.
        return (
            ImportJob.objects.for_organisation(organisation)
            .exclude(kind=ImportJobKind.READ)
            .order_by("-created_at", "-pk")
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            membership = getattr(self.request, "membership", None)
            allowed = [inv for inv, res in RESOURCES.items() if can(membership, f"{res}.add")]
            queryset = queryset.filter(inventory__in=allowed)
        return queryset

    def get_object(self):
        job = super().get_object()
        if not can(self.request.membership, f"{RESOURCES[job.inventory]}.add"):
            raise exceptions.PermissionDenied()
        return job
