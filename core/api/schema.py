"""The OpenAPI schema class: every operation documents its error responses.

Every error has the one body of `core.api.errors` (`ErrorSerializer`), always as JSON
(also on operations whose success is a CSV or XLSX download):

- 401 and 403 on every operation (no or a bad token; a role that may not act),
- 400 on writes and on operations with query parameters (filters, ordering, pages),
- 404 on routes with a path parameter (another organisation's object is never found)
  and on paginated lists (a page past the end),
- 409 where the view says so (`api_conflict_responses = True`, e.g. stale answers),
- 413 on operations that read a request body (larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`),
- 503 on every operation (the database cannot be reached; with a `Retry-After` header).

Views add more precise bodies with `@extend_schema(responses={...})`; those win.
"""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from core.api.errors import ErrorSerializer

WRITE_METHODS = {"POST", "PUT", "PATCH"}
JSON = ["application/json"]


class AutoSchema(BaseAutoSchema):
    def get_filter_backends(self):
        # Actions that filter like the list (e.g. exports) document the same filters.
        if getattr(self.view, "action", None) in getattr(self.view, "filtered_actions", ()):
            return getattr(self.view, "filter_backends", [])
        # Only reads filter: a write answering with a list (the roadmap's reorder) does not.
        if self.method != "GET":
            return []
        return super().get_filter_backends()

    def error_codes(self) -> list[str]:
        codes = ["401", "403", "503"]
        has_query = bool(self._get_filter_parameters()) or bool(self._get_pagination_parameters())
        if self.method in WRITE_METHODS or has_query or self.get_override_parameters():
            codes.append("400")
        if "{" in self.path or self._get_pagination_parameters():
            codes.append("404")
        if getattr(self.view, "api_conflict_responses", False) and self.method in WRITE_METHODS:
            codes.append("409")
        if self.method in WRITE_METHODS and self.get_request_serializer() is not None:
            codes.append("413")
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, media_types=JSON, direction=direction
                )
        return responses
