from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import services
from core.models import (
    ApiToken,
    CalendarFeed,
    Invitation,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    StoredFile,
    UndoToken,
    User,
    WorkerHeartbeat,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(UndoToken)
class UndoTokenAdmin(admin.ModelAdmin):
    """What members can still undo (core.undo): read only, the key never shown."""

    list_display = ["kind", "user", "organisation", "created_at", "expires_at", "used_at"]
    list_filter = ["kind", ("used_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["kind", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    fields = ["kind", "user", "organisation", "created_at", "expires_at", "used_at", "payload"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created in the app (the full token is shown once, there); the admin lists
    and revokes them and never shows the stored hash."""

    list_display = ["name", "key_id", "user", "organisation", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "last_used_at", "organisation"]
    search_fields = ["name", "key_id", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    fields = ["name", "key_id", "user", "organisation", "last_used_at", "revoked_at"]
    readonly_fields = ["key_id", "user", "organisation", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.revoke_api_token(token=token, user=request.user)
        self.message_user(
            request,
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Personal renewal-calendar addresses (docs/renewals.md): listed and revoked here,
    made in the app; the secret token is never shown."""

    list_display = ["membership", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["membership__user__email", "membership__organisation__name"]
    list_select_related = ["membership__user", "membership__organisation"]
    fields = ["membership", "created_at", "revoked_at"]
    readonly_fields = ["membership", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected calendar addresses"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "Revoked %(count)d calendar address.",
                "Revoked %(count)d calendar addresses.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    """Files in the database storage: listed and removable, never shown (they are served
    only through the views that check access)."""

    list_display = ["name", "size", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name"]
    fields = ["name", "size", "created_at"]
    readonly_fields = ["name", "size", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Read-only: the workers write these rows (docs/tasks.md)."""

    list_display = ["worker_id", "hostname", "pid", "queue", "started_at", "last_seen"]
    list_filter = ["queue", "hostname"]
    search_fields = ["worker_id", "hostname"]
    ordering = ["-last_seen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "organisation", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["recipient__email", "key", "organisation__name"]
    list_select_related = ["recipient", "organisation"]
    raw_id_fields = ["recipient", "organisation"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode", "language", "last_digest_at"]
    list_filter = ["email_mode", "language"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
