from django.urls import path

from assessment.team import views

urlpatterns = [
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path(
        "assessments/<int:pk>/steps/<slug:step>/assign/",
        views.AssignStepView.as_view(),
        name="assignment_add",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment_pk>/delete/",
        views.UnassignView.as_view(),
        name="assignment_delete",
    ),
]
