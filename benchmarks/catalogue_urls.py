"""The project's URLs plus two floors for ``benchmarks/bench_catalogue_http.py``:
``/__empty__/`` (a signed-in view answering a few bytes: the middleware, session and
authentication every request pays) and ``/__bare__/`` (``base.html`` for the same user)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from benchmarks.pages_urls import BareView


class EmptyView(LoginRequiredMixin, View):
    def get(self, request):
        return HttpResponse("<li>ok</li>")


urlpatterns = [
    path("__empty__/", EmptyView.as_view()),
    path("__bare__/", BareView.as_view()),
    path("", include("core.urls")),
]
