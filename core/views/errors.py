"""The server error handler: a database that cannot be reached is a 503 (a friendly page,
or the API's JSON error body under /api/), with Retry-After; anything else is the 500 page.

Django calls `handler500` while the exception is being handled (also for errors raised in
middleware, before any view), so `sys.exc_info()` still names it.
"""

import sys

from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

from core.api.errors import (
    RETRY_AFTER_SECONDS,
    database_unavailable_message,
    is_database_unavailable,
)


@requires_csrf_token
def handler500(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if not is_database_unavailable(exc):
        return server_error(request, template_name=template_name)
    if request.path.startswith("/api/"):
        body = {"status": 503, "code": "service_unavailable"}
        body["message"] = database_unavailable_message()
        response = JsonResponse({"error": body}, status=503)
    else:
        # Rendered without a request context: context processors may need the database.
        html = loader.get_template("503.html").render()
        response = HttpResponseServerError(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
