"""Stackscope settings: one module, every deployment-specific value read from the environment.

See README.md ("Configuration") for the variables. Defaults give a working local
development setup (SQLite file, console e-mail, database task queue).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from core.env import env_bool, env_int, env_list, env_str, file_storage_settings, proxy_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("STACKSCOPE_VAR_DIR", str(BASE_DIR / "var")))

# pytest sets PYTEST_VERSION while it runs; tests get fast, deterministic defaults.
TESTING = "PYTEST_VERSION" in os.environ or "test" in sys.argv[1:2]

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY") or (
    "django-insecure-stackscope-development-only" if (DEBUG or TESTING) else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# The site's address as people reach it (https://stackscope.example.org): links in e-mails sent
# by the worker, which has no request to read it from (docs/notifications.md).
SITE_URL = env_str("SITE_URL")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "auditlog",
    "django_tasks_db",
    "core",
    "assessment",
]

MIDDLEWARE = [
    # /healthz answers before the host check and the HTTPS redirect (core/views/health.py).
    "core.views.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After MessageMiddleware: an htmx fragment carries the messages its request added.
    "core.htmx.HtmxMessagesMiddleware",
    "core.middleware.CurrentOrganisationMiddleware",
    # Attributes the request's writes to its user for the change history (core/history).
    "core.history.context.HistoryMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "core.urls"
WSGI_APPLICATION = "core.wsgi.application"
ASGI_APPLICATION = "core.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.organisation",
            ],
            "builtins": ["core.templatetags.stackscope"],
        },
    },
]
# Django's renderer, with the stock widget templates written in Python (core/form_renderer.py)
FORM_RENDERER = "core.form_renderer.FastWidgetRenderer"

# Database: SQLite file by default; PostgreSQL (production) via DATABASE_URL.
DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout make SQLite behave under a web server plus a task worker.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: one per process (locmem) by default, fine for the demo, tests and one app server.
# Several app servers (or many gunicorn workers) share Redis: CACHE_URL or REDIS_URL, e.g.
# redis://cache:6379/1. Nothing correct depends on the cache, so a cache outage only slows.
_cache_url = env_str("CACHE_URL") or env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "stackscope",
            "TIMEOUT": 3600,
        }
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# The reverse proxy: one variable (BEHIND_HTTPS_PROXY, and PROXY_COUNT) sets both what
# Django trusts of X-Forwarded-Proto and where log-in throttling reads the client address.
_proxy = proxy_settings(debug=DEBUG)
STACKSCOPE_PROXY_COUNT = _proxy["STACKSCOPE_PROXY_COUNT"]

# Failed log-ins are throttled per (account, client address) by django-axes. The account is
# the case-folded e-mail address (A@x and a@x share one count), the address comes from
# core.security.client_ip (X-Forwarded-For only behind the proxy).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The log-in form field is "username" (it holds the e-mail address).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Internationalisation: every user-facing string is translatable; RTL languages included.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ro", _("Romanian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
# One date, time and number format per language (core/formats, over Django's own).
FORMAT_MODULE_PATH = ["core.formats"]
# Filter selects say "Any", not django-filter's "---------" (issue 17: mixed placeholders).
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files (report PDFs): in the database by default, so every app server reads what another
# wrote; FILE_STORAGE=s3 for object storage, =filesystem for MEDIA_ROOT (core/env.py).
STORAGES = {
    "default": file_storage_settings(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# E-mail (Django 6.1 MAILERS): console by default; EMAIL_BACKEND=smtp and EMAIL_* for SMTP.
EMAIL_BACKEND_ALIASES = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console" if (DEBUG or TESTING) else "smtp")
_email_backend = EMAIL_BACKEND_ALIASES.get(_email_backend, _email_backend)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Stackscope <stackscope@localhost>")

# Background tasks: Django's Tasks framework. The database backend (django-tasks-db) runs
# in `manage.py db_worker`; tests run tasks immediately.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if TESTING else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django.tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    # JSON bodies only (imports also take multipart uploads: they say so themselves).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The UI's sort parameter (`?o=-annual_cost`), also where a FilterSet has no `o`.
    "ORDERING_PARAM": "o",
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stackscope API",
    "DESCRIPTION": (
        "Assessments, inventories (tools, integrations, touchpoints), findings and the roadmap. "
        "Authenticate with a personal API token: `Authorization: Bearer ssk_…`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from validator.swagger.io: nothing loads from elsewhere (the CSP forbids it).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "JourneyStageEnum": "assessment.models.inventory.JourneyStage",
        # An integration's criticality and a roadmap item's effort share one choice set.
        "LowMediumHighEnum": "assessment.models.results.Effort",
        # A notification's kind and the kinds a person does not want by e-mail.
        "NotificationKindEnum": "core.models.notifications.NotificationKind",
    },
}

# Website scans (docs/discovery.md) refuse private, loopback and link-local addresses; these
# host names may resolve to private ones all the same (an intranet, a test site).
DISCOVERY_ALLOWED_PRIVATE_HOSTS = env_list("DISCOVERY_ALLOWED_PRIVATE_HOSTS")
# A scan's bounds: pages read, bytes per page, seconds in all.
DISCOVERY_SCAN_MAX_PAGES = env_int("DISCOVERY_SCAN_MAX_PAGES", 20)
DISCOVERY_SCAN_MAX_BYTES = env_int("DISCOVERY_SCAN_MAX_BYTES", 5 * 1024 * 1024)
DISCOVERY_SCAN_SECONDS = env_int("DISCOVERY_SCAN_SECONDS", 30)
# `manage.py rescan_websites` scans again each site last scanned this many days ago (0: never).
DISCOVERY_RESCAN_DAYS = env_int("DISCOVERY_RESCAN_DAYS", 7)

# Change history (core/history, docs/history.md): django-auditlog with our entry model.
AUDITLOG_LOGENTRY_MODEL = "core.HistoryEntry"
# auditlog's own migrations predate its swappable entry model and would create an unused
# `auditlog_logentry` table (whose foreign keys stop PostgreSQL truncating the tables it
# references): the app is installed for its code only, our model has its own migration.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True  # who and when is the record; addresses are not kept
#: Default for organisations that set none: history older than this is pruned
#: (manage.py prune_history); 0 keeps it for ever.
HISTORY_RETENTION_DAYS = env_int("HISTORY_RETENTION_DAYS", 730)
# Reports of inventories up to this many tools render in the request; larger ones in the worker.
REPORT_SYNC_MAX_TOOLS = env_int("REPORT_SYNC_MAX_TOOLS", 500)
# The ready copy (docs/report.md): the task worker re-renders each assessment's report in
# its organisation's language and paper size once its data has been quiet for
# REPORT_READY_DEBOUNCE_SECONDS (or REPORT_READY_MAX_WAIT_SECONDS after the first change,
# however busy), looking for changes every REPORT_READY_CHECK_SECONDS.
REPORT_READY_COPIES = env_bool("REPORT_READY_COPIES", True)
REPORT_READY_CHECK_SECONDS = env_int("REPORT_READY_CHECK_SECONDS", 5)
REPORT_READY_DEBOUNCE_SECONDS = env_int("REPORT_READY_DEBOUNCE_SECONDS", 10)
REPORT_READY_MAX_WAIT_SECONDS = env_int("REPORT_READY_MAX_WAIT_SECONDS", 300)

# Imports of files up to this many rows commit in the request; larger ones in the worker
# (the page, or the API's 202, then polls an ImportJob).
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 2000)
# Uploads up to this many bytes are read and previewed in the request; larger ones in the
# worker (the rows are unknown before reading). 256 KB is about IMPORT_SYNC_MAX_ROWS rows of
# a CSV of 80–130 bytes a row; an XLSX of that size holds more (zip), still well under 10 s
# (docs/inventories.md, "Large uploads read in the background").
IMPORT_SYNC_MAX_BYTES = env_int("IMPORT_SYNC_MAX_BYTES", 256 * 1024)

# Background jobs (docs/tasks.md): a running job renews its lease every JOB_HEARTBEAT_SECONDS
# (0: only when it records progress); one silent for JOB_LEASE_SECONDS lost its worker and
# is retried up to JOB_MAX_ATTEMPTS runs in all, then failed. A worker whose heartbeat is
# older than WORKER_STALE_SECONDS counts as not running.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60)
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 0 if TESTING else 10)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 30)
# /healthz may be probed over plain HTTP inside the network (it is answered before the
# redirect anyway; this keeps SecurityMiddleware out of its way if it ever moves).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# Invitations expire; the link is single-use.
INVITATION_MAX_AGE = timedelta(days=env_int("INVITATION_MAX_AGE_DAYS", 7))

# Security: production defaults follow `manage.py check --deploy`.
SECURE_PROXY_SSL_HEADER = _proxy["SECURE_PROXY_SSL_HEADER"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (docs/architecture.md, "Content-Security-Policy"): scripts and
# styles only from our own origin; an inline <script>/<style> needs the request's nonce
# (`{{ csp_nonce }}`); no eval (htmx runs with allowEval off), no inline event handlers,
# no style="" attributes (the charts and progress bars use classes).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env_str("CSP_REPORT_URI"):
    SECURE_CSP["report-uri"] = env_str("CSP_REPORT_URI")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
