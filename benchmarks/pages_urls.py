"""The project's URLs plus ``/__bare__/``: the floor ``benchmarks/pages.py`` compares with."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import include, path
from django.views.generic import TemplateView


class BareView(LoginRequiredMixin, TemplateView):
    """``base.html`` for the signed-in user, with nothing of the domain: what any page costs."""

    template_name = "base.html"


urlpatterns = [
    path("__bare__/", BareView.as_view()),
    path("", include("core.urls")),
]
