"""Pagination like the UI's lists: `?page=` and `?per_page=` (at most 200)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "per_page"
    max_page_size = 200
