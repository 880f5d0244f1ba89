from django.urls import path

from assessment.assessments import views

urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment_add"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(
        "assessments/<int:pk>/edit/", views.AssessmentUpdateView.as_view(), name="assessment_edit"
    ),
    path(
        "assessments/<int:pk>/delete/",
        views.AssessmentDeleteView.as_view(),
        name="assessment_delete",
    ),
    path(
        "assessments/<int:pk>/archive/",
        views.AssessmentArchiveView.as_view(),
        name="assessment_archive",
    ),
    path(
        "assessments/<int:pk>/unarchive/",
        views.AssessmentUnarchiveView.as_view(),
        name="assessment_unarchive",
    ),
    path("assessments/<int:pk>/pin/", views.AssessmentPinView.as_view(), name="assessment_pin"),
    path(
        "assessments/<int:pk>/unpin/",
        views.AssessmentUnpinView.as_view(),
        name="assessment_unpin",
    ),
]
