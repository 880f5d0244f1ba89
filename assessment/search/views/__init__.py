"""The search page; its htmx request (the navigation bar's drop-down) gets the `results`
partial of the same template."""

from assessment.search.views.search import SearchView

__all__ = ["SearchView"]
