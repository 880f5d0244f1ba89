from django.urls import path

from assessment.results import views

urlpatterns = [
    path(
        "assessments/<int:pk>/dashboard/",
        views.AssessmentDashboardView.as_view(),
        name="assessment_dashboard",
    ),
    path(
        "assessments/<int:pk>/explain/<slug:step>/",
        views.AssessmentExplainView.as_view(),
        name="assessment_explain",
    ),
    path(
        "assessments/<int:pk>/regenerate/",
        views.RegenerateView.as_view(),
        name="assessment_regenerate",
    ),
    path(
        "assessments/<int:pk>/finalise/",
        views.FinaliseView.as_view(),
        name="assessment_finalise",
    ),
    path(
        "assessments/<int:pk>/roadmap/",
        views.AssessmentRoadmapView.as_view(),
        name="assessment_roadmap",
    ),
    path(
        "assessments/<int:pk>/roadmap/add/",
        views.RoadmapItemAddView.as_view(),
        name="roadmap_item_add",
    ),
    path(
        "assessments/<int:pk>/roadmap/<int:item>/edit/",
        views.RoadmapItemEditView.as_view(),
        name="roadmap_item_edit",
    ),
    path(
        "assessments/<int:pk>/roadmap/<int:item>/move/",
        views.RoadmapItemMoveView.as_view(),
        name="roadmap_item_move",
    ),
    path(
        "assessments/<int:pk>/roadmap/<int:item>/<str:action>/",
        views.RoadmapItemStatusView.as_view(),
        name="roadmap_item_status",
    ),
    path("roadmap/", views.RoadmapRedirectView.as_view(), name="roadmap"),
    path("settings/thresholds/", views.FindingThresholdsView.as_view(), name="finding_thresholds"),
]
