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
