"""/api/v1/: one router for every endpoint; the schema and its documentation page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from assessment.api.routes import register as register_domain
from core.api.views import APIRootView, MembershipViewSet, OrganisationViewSet, api_not_found

router = DefaultRouter()
router.APIRootView = APIRootView
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("members", MembershipViewSet, basename="api-member")
register_domain(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a 404 with the API's error body, not an HTML page.
    re_path(r"^[\s\S]*$", api_not_found),  # [\s\S]: a newline in the path, too
]
