"""/api/v1/: one router for every endpoint; the schema and its documentation page.

Domain apps add their endpoints through `ROUTE_REGISTRARS` (dotted paths of functions
taking the router, appended in their `AppConfig.ready`), so `core` imports no domain code.
"""

from django.urls import include, path, re_path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api.history import HistoryEntryViewSet
from core.api.notifications import NotificationSettingsView, NotificationViewSet
from core.api.routes import ROUTE_REGISTRARS
from core.api.views import APIRootView, MembershipViewSet, OrganisationViewSet, api_not_found

router = DefaultRouter()
router.APIRootView = APIRootView
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("members", MembershipViewSet, basename="api-member")
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("history", HistoryEntryViewSet, basename="api-history")
for registrar in ROUTE_REGISTRARS:
    import_string(registrar)(router)

urlpatterns = [
    path(
        "v1/notification-settings/",
        NotificationSettingsView.as_view(),
        name="api-notification-settings",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a 404 with the API's error body, not an HTML page.
    re_path(r"^[\s\S]*$", api_not_found),  # [\s\S]: a newline in the path, too
]
