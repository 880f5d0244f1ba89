"""URL map. Domain areas (assessments, inventories, roadmap, reports) live in assessment.urls."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from core.views import (
    accounts,
    activity,
    health,
    members,
    notifications,
    organisations,
    tokens,
    undo,
)

account_patterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", accounts.SignUpView.as_view(), name="signup"),
    path("tokens/", tokens.ApiTokenListView.as_view(), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", tokens.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

organisation_patterns = [
    path("new/", organisations.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "switch/<int:organisation_id>/",
        organisations.SwitchOrganisationView.as_view(),
        name="organisation_switch",
    ),
    path(
        "settings/", organisations.OrganisationSettingsView.as_view(), name="organisation_settings"
    ),
    path("members/", members.MemberListView.as_view(), name="members"),
    path("members/invite/", members.InviteView.as_view(), name="member_invite"),
    path("members/<int:pk>/role/", members.MemberRoleView.as_view(), name="member_role"),
    path("members/<int:pk>/remove/", members.MemberRemoveView.as_view(), name="member_remove"),
    path("members/leave/", members.LeaveOrganisationView.as_view(), name="organisation_leave"),
    path(
        "invitations/<int:pk>/revoke/",
        members.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
]

notification_patterns = [
    path("", notifications.NotificationListView.as_view(), name="notifications"),
    path("bell/", notifications.NotificationBellView.as_view(), name="notification_bell"),
    path(
        "read-all/",
        notifications.NotificationMarkAllReadView.as_view(),
        name="notifications_read_all",
    ),
    path(
        "settings/",
        notifications.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("<int:pk>/open/", notifications.NotificationOpenView.as_view(), name="notification_open"),
]

history_patterns = [
    path("", activity.ActivityView.as_view(), name="activity"),
    path("export.csv", activity.ActivityExportView.as_view(), name="activity_export"),
    path("<int:pk>/", activity.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/restore/", activity.RestoreVersionView.as_view(), name="history_restore"),
]

urlpatterns = [
    path("", organisations.DashboardView.as_view(), name="dashboard"),
    path("activity/", include(history_patterns)),
    path(
        "history/<str:model>/<int:pk>/",
        activity.ObjectHistoryView.as_view(),
        name="object_history",
    ),
    path(
        "history/<str:model>/<int:pk>/open/",
        activity.ObjectOpenView.as_view(),
        name="object_open",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include(account_patterns)),
    path("organisation/", include(organisation_patterns)),
    path(
        "invitations/<str:token>/", members.InvitationAcceptView.as_view(), name="invitation_accept"
    ),
    path("undo/<str:key>/", undo.UndoView.as_view(), name="undo"),
    path("notifications/", include(notification_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("core.api.urls")),
    path("", include("assessment.urls")),
]

# A database that cannot be reached is a 503 (friendly page, or JSON under /api/).
handler500 = "core.views.errors.handler500"

if settings.DEBUG:
    urlpatterns += [
        path("__errors__/404/", TemplateView.as_view(template_name="404.html")),
        path("__errors__/500/", TemplateView.as_view(template_name="500.html")),
        path("__errors__/503/", TemplateView.as_view(template_name="503.html")),
    ]
