"""URLs of the domain areas: assessments, inventories, roadmap, reports and search."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("assessment.assessments.urls")),
    path("", include("assessment.questionnaire.urls")),
    path("", include("assessment.scans.urls")),
    path("", include("assessment.inventory.urls")),
    path("", include("assessment.results.urls")),
    path("", include("assessment.report.urls")),
    path("", include("assessment.search.urls")),
    path("", include("assessment.renewals.urls")),
    path("", include("assessment.team.urls")),
    path("", include("assessment.comments.urls")),
]
