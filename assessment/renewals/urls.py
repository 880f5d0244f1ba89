from django.urls import path

from assessment.renewals import views

urlpatterns = [
    path("renewals/", views.RenewalsView.as_view(), name="renewals"),
    path("renewals/feed/", views.FeedCreateView.as_view(), name="renewals_feed_create"),
    path("renewals/feed/new/", views.FeedRotateView.as_view(), name="renewals_feed_rotate"),
    path("renewals/feed/<slug:token>.ics", views.FeedView.as_view(), name="renewals_feed"),
]
