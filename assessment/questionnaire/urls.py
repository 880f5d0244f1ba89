from django.urls import path

from assessment.questionnaire import views

urlpatterns = [
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
