from django.urls import path

from assessment.comments import views

urlpatterns = [
    path(
        "threads/<slug:target>/<int:pk>/",
        views.ThreadPanelView.as_view(),
        name="threads",
    ),
    path(
        "assessments/<int:pk>/questions/<str:question>/threads/",
        views.ThreadPanelView.as_view(),
        name="question_threads",
    ),
    path("threads/<int:pk>/reply/", views.ReplyView.as_view(), name="thread_reply"),
    path("threads/<int:pk>/resolve/", views.ResolveView.as_view(), name="thread_resolve"),
    path(
        "threads/<int:pk>/reopen/",
        views.ResolveView.as_view(reopen=True),
        name="thread_reopen",
    ),
    path("comments/<int:pk>/edit/", views.CommentEditView.as_view(), name="comment_edit"),
    path("comments/<int:pk>/delete/", views.CommentDeleteView.as_view(), name="comment_delete"),
    path("mention-options/", views.MentionOptionsView.as_view(), name="mention_options"),
]
