"""URLs of discovery: the Discovered list under the stack, scans, and the decisions."""

from django.urls import path

from assessment.scans import views

urlpatterns = [
    path("tools/discovered/", views.DiscoveredToolListView.as_view(), name="discoveredtool_list"),
    path(
        "tools/discovered/decide/",
        views.DiscoveredToolBulkView.as_view(),
        name="discoveredtool_bulk",
    ),
    path("tools/discovered/scan/", views.SiteScanCreateView.as_view(), name="sitescan_add"),
    path("tools/discovered/import-sso/", views.SsoImportView.as_view(), name="sso_import"),
    path(
        "tools/discovered/scans/<int:pk>/",
        views.SiteScanDetailView.as_view(),
        name="sitescan_detail",
    ),
    path(
        "tools/discovered/<int:pk>/link/",
        views.DiscoveredToolLinkView.as_view(),
        name="discoveredtool_link",
    ),
    path(
        "tools/discovered/<int:pk>/<slug:action>/",
        views.DiscoveredToolActionView.as_view(),
        name="discoveredtool_action",
    ),
]
