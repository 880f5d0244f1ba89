"""`/healthz`: JSON for load balancers and supervisors (docs/tasks.md).

200 while the database answers, 503 when it does not. The worker's heartbeat and the
storage are reported; with `?strict=1` a stale worker or failing storage is a 503 too
(for a supervisor that should page someone, not for the load balancer: app servers stay
in rotation while the worker restarts). Answered by `HealthCheckMiddleware` before the
host check, the HTTPS redirect and the session, so it works over plain HTTP inside the
network; no login, no throttling, never cached.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from core import health

HEALTH_PATHS = frozenset({"/healthz", "/healthz/"})


@require_safe
def healthz(request):
    database_ok, _detail = health.check_database()
    body = {"database": "ok" if database_ok else "error"}
    worker_ok = storage_ok = False
    if database_ok:
        worker_ok, age = health.check_worker()
        body["worker"] = "ok" if worker_ok else "stale"
        body["worker_last_seen_seconds"] = age
    else:
        body["worker"] = "unknown"
        body["worker_last_seen_seconds"] = None
    storage_ok, _detail = health.check_storage()
    body["storage"] = "ok" if storage_ok else "error"
    healthy = database_ok
    if request.GET.get("strict") in {"1", "true", "yes"}:
        healthy = healthy and worker_ok and storage_ok
    body["status"] = "ok" if healthy else "error"
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: a load balancer's probe carries the server's own address as its
    Host and plain HTTP, which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS and request.method in {"GET", "HEAD"}:
            return healthz(request)
        return self.get_response(request)
