from django.contrib import admin

from assessment.models import Answer, Assessment, FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "version", "organisation", "created_by", "created_at"]
    list_filter = ["key", "organisation"]
    search_fields = ["title", "key", "content_hash"]
    readonly_fields = ["content_hash", "changes", "created_at", "updated_at"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question_key", "value", "is_na", "version", "answered_by", "answered_at", "note"]
    readonly_fields = ["version", "answered_by", "answered_at"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "framework_version", "created_at"]
    list_filter = ["status", "organisation", "framework_version"]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["participants"]
    raw_id_fields = ["created_by"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question_key", "is_na", "version", "answered_by", "answered_at"]
    list_filter = ["is_na", "organisation", "assessment"]
    search_fields = ["question_key", "note", "assessment__title"]
    raw_id_fields = ["assessment", "answered_by", "note_by"]
    readonly_fields = ["version", "note_version"]
