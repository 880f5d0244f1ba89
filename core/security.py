"""Who is signing in, and from where: the keys django-axes throttles on.

- One canonical form of an e-mail address (`normalise_email`), used when accounts and
  invitations are stored and when a log-in is checked, and a throttling key
  (`throttle_key`) that folds every spelling the database would match for one account
  (letter case, compatibility characters) into one, so changing the case of a letter
  never resets the count of failed passwords (see SECURITY.md).
- The client's address (`client_ip`): REMOTE_ADDR, or the address the trusted reverse
  proxy appended to X-Forwarded-For when `BEHIND_HTTPS_PROXY` is on (core/settings.py).

No model imports here: core/settings.py and core/models use these functions.
"""

from __future__ import annotations

import ipaddress
import unicodedata


def normalise_email(value: str) -> str:
    """The one stored form of an e-mail address: trimmed, lower case."""
    return (value or "").strip().lower()


def throttle_key(value: str) -> str:
    """The log-in throttling key of what someone typed as their e-mail address.

    Compatibility forms (NFKC) and full case folding: every spelling that could sign in
    to one account (the backend matches the address case-insensitively, and PostgreSQL's
    UPPER() also folds e.g. "ſ" into "S") shares one count of failed attempts.
    """
    return unicodedata.normalize("NFKC", normalise_email(value)).casefold()


def axes_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the throttling key of the log-in attempt's username.

    django-axes calls this for every check, failure and success, with the credentials
    given to `authenticate()` (any log-in form, the admin's too) or, without them, with
    the request's POST data.
    """
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    if not isinstance(value, str):
        return value
    return throttle_key(value)


def forwarded_client_ip(meta, *, proxy_count: int) -> str | None:
    """The client's address from X-Forwarded-For, as the trusted proxies appended it.

    Each of `proxy_count` trusted proxies appends the address it received the request
    from, so the client is the `proxy_count`-th address from the right; anything to its
    left was sent by the client and can be forged. None when the header does not hold a
    valid address there.
    """
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops or proxy_count < 1:
        return None
    candidate = hops[-proxy_count] if len(hops) >= proxy_count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address a log-in attempt came from.

    Behind the reverse proxy (`BEHIND_HTTPS_PROXY`, on by default when DEBUG is off), the
    address the proxy appended to X-Forwarded-For (`PROXY_COUNT` proxies, default 1):
    otherwise every client would share the proxy's address and five bad passwords would
    lock an account for everyone. Without a proxy, REMOTE_ADDR only: a client cannot
    escape the lock-out by sending its own X-Forwarded-For.
    """
    from django.conf import settings

    meta = request.META
    remote = meta.get("REMOTE_ADDR")
    count = getattr(settings, "STACKSCOPE_PROXY_COUNT", 0)
    if count:
        return forwarded_client_ip(meta, proxy_count=count) or remote
    return remote
