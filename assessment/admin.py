from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessment.models import (
    Answer,
    Assessment,
    AssessmentResult,
    AssessmentSnapshot,
    Assignment,
    Comment,
    DataObject,
    DiscoveredTool,
    Finding,
    FindingThresholds,
    FrameworkVersion,
    ImportJob,
    ImportMapping,
    ImportPreview,
    Integration,
    OwnProduct,
    ReportExport,
    RoadmapItem,
    SiteScan,
    Thread,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "version", "organisation", "created_by", "created_at"]
    list_filter = ["key", "organisation"]
    search_fields = ["title", "key", "content_hash"]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = ["content_hash", "changes", "created_at", "updated_at"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question_key", "value", "is_na", "version", "answered_by", "answered_at", "note"]
    readonly_fields = ["version", "answered_by", "answered_at"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "status",
        "framework_version",
        "created_at",
        "archived_at",
    ]
    list_filter = ["status", "organisation", "framework_version"]
    search_fields = ["title", "description", "organisation__name"]
    list_select_related = ["organisation", "framework_version"]
    autocomplete_fields = ["participants"]
    raw_id_fields = ["created_by", "archived_by"]
    inlines = [AnswerInline]

    def has_delete_permission(self, request, obj=None):
        # A final assessment is never deleted, not even here (owners archive it instead).
        if obj is not None and obj.is_final:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question_key", "is_na", "version", "answered_by", "answered_at"]
    list_filter = ["is_na", "organisation", "assessment"]
    search_fields = ["question_key", "note", "assessment__title"]
    list_select_related = ["assessment", "answered_by"]
    raw_id_fields = ["assessment", "answered_by", "note_by"]
    readonly_fields = ["version", "note_version"]


@admin.register(ToolCategory)
class ToolCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "organisation", "position"]
    list_filter = ["organisation"]
    search_fields = ["name", "key", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(ToolSubcategory)
class ToolSubcategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "category", "organisation"]
    list_filter = ["organisation", "category__key"]
    search_fields = ["name", "key", "category__name", "organisation__name"]
    list_select_related = ["category", "organisation"]


@admin.register(DataObject)
class DataObjectAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "key", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(OwnProduct)
class OwnProductAdmin(admin.ModelAdmin):
    list_display = ["name", "same_as", "vendor", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "aliases", "same_as", "vendor", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["subcategory", "updated_by"]


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "vendor",
        "organisation",
        "category",
        "status",
        "annual_cost",
        "renewal_date",
    ]
    list_filter = ["organisation", "status", "lifecycle", "category__key", "data_sensitivity"]
    search_fields = ["name", "vendor", "business_owner", "organisation__name"]
    list_select_related = ["organisation", "category"]
    raw_id_fields = ["category", "subcategory"]


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "method", "status", "review_state", "reviewed_by"]
    list_filter = ["organisation", "status", "method", "review_state", "criticality"]
    search_fields = ["source__name", "target__name", "technical_owner", "organisation__name"]
    list_select_related = ["organisation", "source", "target", "reviewed_by"]
    raw_id_fields = ["source", "target", "reviewed_by"]
    filter_horizontal = ["data_objects"]


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "stage", "channel", "segment", "personalisation"]
    list_filter = ["organisation", "stage", "channel", "segment", "personalisation"]
    search_fields = ["name", "owner", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["tools"]


@admin.register(FindingThresholds)
class FindingThresholdsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "underused_utilisation", "renewal_window_days", "updated_at"]
    list_filter = ["organisation", "updated_at"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "rule", "severity", "step", "savings", "computed_at"]
    list_filter = ["severity", "rule", "step"]
    search_fields = ["title", "key", "assessment__title"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment"]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "horizon", "status", "impact", "effort", "owner"]
    list_filter = ["horizon", "status", "generated", "effort"]
    search_fields = ["title", "key", "owner", "assessment__title"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment"]
    readonly_fields = ["edited_fields", "created_at", "updated_at"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ["assessment", "organisation", "input_hash", "computed_at"]
    list_filter = ["organisation", "computed_at"]
    search_fields = ["assessment__title", "organisation__name", "input_hash"]
    list_select_related = ["assessment", "organisation"]
    raw_id_fields = ["assessment"]
    readonly_fields = ["input_hash", "summary", "computed_at"]


@admin.register(AssessmentSnapshot)
class AssessmentSnapshotAdmin(admin.ModelAdmin):
    list_display = ["assessment", "organisation", "content_hash", "created_by", "created_at"]
    list_filter = ["organisation", "created_at"]
    search_fields = ["assessment__title", "organisation__name", "content_hash"]
    list_select_related = ["assessment", "organisation", "created_by"]
    raw_id_fields = ["assessment", "created_by"]
    readonly_fields = ["data", "content_hash", "created_at"]


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = [
        "assessment",
        "organisation",
        "page_size",
        "language",
        "status",
        "pages",
        "created_at",
    ]
    list_filter = ["status", "page_size", "language", "organisation"]
    search_fields = ["assessment__title", "cache_key"]
    list_select_related = ["assessment", "organisation"]
    raw_id_fields = ["assessment", "requested_by"]
    # The file by name only: stored files have no public URL (downloads check access).
    exclude = ["file"]
    readonly_fields = [
        "file_name",
        "cache_key",
        "progress",
        "pages",
        "size_bytes",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "attempts",
        "task_id",
    ]

    @admin.display(description=_("file"))
    def file_name(self, export):
        return export.file.name


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "kind", "updated_by", "updated_at"]
    list_filter = ["kind", "organisation"]
    search_fields = ["signature", "organisation__name", "updated_by__email"]
    list_select_related = ["organisation", "updated_by"]
    raw_id_fields = ["updated_by"]
    readonly_fields = ["signature", "created_at", "updated_at"]


@admin.register(ImportPreview)
class ImportPreviewAdmin(admin.ModelAdmin):
    """Previews in progress (removed on commit, cancel or after a day): listed, not shown."""

    list_display = ["token", "organisation", "kind", "user", "updated_at"]
    list_filter = ["kind", "organisation"]
    search_fields = ["token", "organisation__name", "user__email"]
    list_select_related = ["organisation", "user"]
    fields = ["token", "organisation", "kind", "user", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")

    def has_add_permission(self, request):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "inventory",
        "kind",
        "organisation",
        "user",
        "status",
        "progress",
        "rows",
        "created_at",
    ]
    list_filter = ["status", "inventory", "kind", "source", "organisation"]
    search_fields = ["filename", "token", "user__email"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user"]
    readonly_fields = [
        "token",
        "progress",
        "counts",
        "problems",
        "payload",
        "started_at",
        "finished_at",
    ]


@admin.register(SiteScan)
class SiteScanAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "requested_by",
        "status",
        "pages_visited",
        "appeared",
        "disappeared",
        "created_at",
    ]
    list_filter = ["status", "organisation"]
    search_fields = ["urls", "requested_by__email", "organisation__name"]
    list_select_related = ["organisation", "requested_by"]
    raw_id_fields = ["requested_by"]
    readonly_fields = [
        "progress",
        "heartbeat_at",
        "attempts",
        "task_id",
        "started_at",
        "finished_at",
        "pages_visited",
        "errors",
        "out_of_time",
        "detected",
        "appeared",
        "disappeared",
        "created_at",
        "updated_at",
    ]


@admin.register(DiscoveredTool)
class DiscoveredToolAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "source",
        "organisation",
        "state",
        "tool",
        "last_seen_at",
        "gone_at",
    ]
    list_filter = ["source", "state", "organisation"]
    search_fields = ["name", "slug", "organisation__name"]
    list_select_related = ["organisation", "tool"]
    raw_id_fields = ["tool", "subcategory", "last_scan", "updated_by"]
    readonly_fields = ["first_seen_at", "last_seen_at", "gone_at", "created_at", "updated_at"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "step", "question_key", "assignee", "due_date", "organisation"]
    list_filter = ["step", "organisation"]
    search_fields = ["assignee__email", "question_key", "assessment__title", "organisation__name"]
    list_select_related = ["assessment", "assignee", "organisation"]
    raw_id_fields = ["assessment", "assignee", "assigned_by", "organisation"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "kind", "body", "edited_at"]
    raw_id_fields = ["author"]
    readonly_fields = ["edited_at"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "target",
        "question_key",
        "resolved_at",
        "last_comment_at",
        "organisation",
    ]
    list_filter = ["target", "organisation"]
    search_fields = ["question_key", "comments__body", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = [
        "assessment",
        "tool",
        "integration",
        "touchpoint",
        "roadmap_item",
        "created_by",
        "resolved_by",
        "organisation",
    ]
    inlines = [CommentInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "kind", "created_at", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["body", "author__email", "organisation__name"]
    list_select_related = ["thread", "author", "organisation"]
    raw_id_fields = ["thread", "author", "organisation"]
    filter_horizontal = ["mentions"]
