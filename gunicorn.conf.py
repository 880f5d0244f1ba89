"""gunicorn settings for Stackscope: `gunicorn -c gunicorn.conf.py core.wsgi`.

Every value can be overridden from the environment (names below) or on the command line;
docs/deployment.md explains the scale-out picture and what to scale when.

Why these choices:
- **sync workers, one process per core-ish.** A request is CPU-bound Python (template
  rendering, scoring, small PDF renders) plus short PostgreSQL round trips; threads in one
  process share one GIL, so extra throughput comes from processes. A sync worker also
  keeps one slow request from holding up others in the same process, and `timeout` kills
  exactly the stuck request. Slow clients are the reverse proxy's job (nginx buffers), as
  gunicorn's documentation requires for sync workers. `WEB_THREADS` > 1 switches to
  gthread (e.g. when memory is short and requests wait on the database more than they
  compute); then `timeout` only guards the worker, not each request.
- **timeout 30 s.** What stays synchronous is short: pages take well under 2 s at 2,000
  tools, small imports and small report PDFs a few seconds. Large imports and large
  reports run in the task worker (`manage.py db_worker`), which has no such limit. A
  request still running after 30 s is stuck, and killing its worker frees the slot.
  Keep the proxy's read timeout (nginx `proxy_read_timeout`, default 60 s) above it.
- **graceful_timeout 30 s**: on restart (SIGHUP, or a deploy's SIGTERM) a worker finishes
  its requests in flight for up to this long before it is killed.
- **max_requests 1000 ± 100**: workers are recycled now and then, so a slow leak (fonts
  and images cached by WeasyPrint, big querysets) cannot grow for ever; the jitter keeps
  them from restarting all at once.
- **preload_app**: the app is imported once in the master and the workers share its
  memory (copy-on-write) and a broken deploy fails at start, not in each worker. New code
  needs a restart (not SIGHUP); database connections are closed before each fork.
- **forwarded_allow_ips** follows the app's own proxy setting (core/env.py
  `proxy_settings`): with `BEHIND_HTTPS_PROXY` on (the default without DEBUG), gunicorn
  trusts X-Forwarded-Proto from the proxy's addresses (`FORWARDED_ALLOW_IPS`, default
  127.0.0.1 and ::1: the proxy on the same host); Django reads it through
  SECURE_PROXY_SSL_HEADER and the client address through PROXY_COUNT. With it off,
  gunicorn faces clients and trusts no forwarding header at all.
"""

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes: 2 × cores + 1 (gunicorn's rule of thumb: one computes while another waits on
# PostgreSQL), capped at 12 — each worker holds ~150 MB and a database connection.
# WEB_CONCURRENCY (also gunicorn's own variable) sets it outright.
threads = _env_int("WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
workers = _env_int("WEB_CONCURRENCY", min(2 * cores + 1, 12) if threads == 1 else cores)

timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5  # seconds; only gthread keeps connections open (the proxy's upstream pool)
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
preload_app = _env_bool("GUNICORN_PRELOAD", True)
# Heartbeat files in memory: a worker's heartbeat never waits on a slow or full disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The reverse proxy (see the module docstring and README "Configuration").
_debug = _env_bool("DEBUG", False)
if _env_bool("BEHIND_HTTPS_PROXY", not _debug):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}

# Logs on stdout/stderr for the process manager (systemd's journal, a container runtime).
# The client is the X-Forwarded-For the proxy sent (the log's `h` is the proxy itself);
# %(M)s is the request's duration in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)
proc_name = "stackscope"

# gunicorn ≥ 25 opens a control socket at one fixed path per user ($HOME/.gunicorn/
# gunicorn.ctl), which two instances on one host would share. Off unless a path is given;
# restarts go through signals (the process manager's reload/restart).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket


def pre_fork(server, worker):
    """No database connection opened while preloading may be shared by two processes."""
    if preload_app:
        from django.db import connections

        connections.close_all()
