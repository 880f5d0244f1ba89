from django.urls import path

from assessment.questionnaire import views

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
    path(
        "assessments/<int:pk>/steps/<slug:step>/",
        views.StepView.as_view(),
        name="assessment_step",
    ),
    path("assessments/<int:pk>/review/", views.ReviewView.as_view(), name="assessment_review"),
    path(
        "assessments/<int:pk>/answers/<slug:question_key>/",
        views.AnswerSaveView.as_view(),
        name="answer_save",
    ),
    path(
        "assessments/<int:pk>/answers/<slug:question_key>/note/",
        views.AnswerNoteView.as_view(),
        name="answer_note",
    ),
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/upload/", views.FrameworkUploadView.as_view(), name="framework_upload"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
]
