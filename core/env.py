"""Typed readers for settings that come from the environment (twelve-factor style)."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def proxy_settings(*, debug: bool) -> dict:
    """The settings that describe the reverse proxy, from one variable.

    `BEHIND_HTTPS_PROXY` (default: on unless DEBUG) says a TLS-terminating proxy forwards
    every request. Then Django trusts its X-Forwarded-Proto, and log-in throttling reads
    the client's address from X-Forwarded-For, as appended by `PROXY_COUNT` proxies
    (default 1). Off: X-Forwarded-Proto and X-Forwarded-For are ignored; the client is
    REMOTE_ADDR (see core/security.py).
    """
    behind = env_bool("BEHIND_HTTPS_PROXY", default=not debug)
    count = env_int("PROXY_COUNT", 1) if behind else 0
    if behind and count < 1:
        raise ImproperlyConfigured("PROXY_COUNT must be 1 or more when BEHIND_HTTPS_PROXY is on")
    return {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if behind else None,
        "STACKSCOPE_PROXY_COUNT": count,
    }


FILE_STORAGES = {
    "database": "core.storage.DatabaseStorage",
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
}

#: Optional S3 settings: environment variable → S3Storage option (django-storages).
S3_OPTIONAL = {
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
    "AWS_S3_CUSTOM_DOMAIN": "custom_domain",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
    "AWS_LOCATION": "location",
}


def file_storage_settings() -> dict:
    """`STORAGES["default"]` from `FILE_STORAGE`: where report PDFs are kept.

    `database` (default): a table, shared by every app server, no extra service.
    `s3`: an S3-compatible bucket through django-storages: private objects, signed URLs, a
    taken name never overwritten; keys from the environment or the machine's role.
    `filesystem`: `MEDIA_ROOT` on this machine (one app server only, or a shared volume).
    """
    kind = env_str("FILE_STORAGE", "database").strip().lower() or "database"
    if kind not in FILE_STORAGES:
        choices = ", ".join(FILE_STORAGES)
        raise ImproperlyConfigured(f"FILE_STORAGE must be one of {choices}, got {kind!r}")
    if kind != "s3":
        return {"BACKEND": FILE_STORAGES[kind]}
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    options.update({option: env_str(name) for name, option in S3_OPTIONAL.items() if env_str(name)})
    return {"BACKEND": FILE_STORAGES["s3"], "OPTIONS": options}
