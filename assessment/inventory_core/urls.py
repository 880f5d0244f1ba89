"""A web address typed in a spreadsheet cell (a tool's website), read as the tool form reads
it: "hubspot.com" means https://hubspot.com (Django's URLField assumes https too); only
http and https addresses with a real host name are taken. Pure Python: every address it
returns is one Django's URLValidator accepts (tests/unit/inventory_core/test_urls.py)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from assessment.inventory_core.base import ValueParseError, gettext_noop

#: Longest address kept (the model's max_length).
MAX_URL_LENGTH = 500

_NOT_AN_ADDRESS = gettext_noop(
    "“%(value)s” is not a web address: write it like https://www.example.com."
)
_NOT_WEB = gettext_noop("“%(value)s” is not a web address: only http and https addresses are.")
_TOO_LONG = gettext_noop("A web address is at most %(limit)s characters long.")

#: One label of a host name: letters (any script) and digits, hyphens inside.
_LABEL = re.compile(r"(?!-)[^\W_](?:[^\W_]|-){0,62}(?<!-)\Z")
#: The last label: letters (2–63; any script), or an IDNA "xn--" label.
_TLD = re.compile(r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})\Z", re.IGNORECASE)


def _valid_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.removesuffix(".").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return False
    return bool(_TLD.match(labels[-1]))


def parse_url(value: Any) -> str | None:
    """The address in ``value`` (None for a blank cell), https:// added when it has no
    scheme; ValueParseError when it is no web address."""
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) > MAX_URL_LENGTH:
        raise ValueParseError(_TOO_LONG, {"limit": MAX_URL_LENGTH})
    typed = {"value": text}  # what the messages quote
    if any(c.isspace() for c in text):
        raise ValueParseError(_NOT_AN_ADDRESS, typed)
    try:
        parts = urlsplit(text)
        if not parts.scheme:  # as Django's URLField: "hubspot.com" is https://hubspot.com
            text = "https://" + text
            parts = urlsplit(text)
        parts.port  # noqa: B018 — raises ValueError for a port that is no number
    except ValueError as error:
        raise ValueParseError(_NOT_AN_ADDRESS, typed) from error
    if parts.scheme.lower() not in ("http", "https"):
        # "mailto:", "ftp://" are addresses of another kind; "localhost:8000" none at all
        refused = _NOT_WEB if parts.scheme.isalpha() else _NOT_AN_ADDRESS
        raise ValueParseError(refused, typed)
    if "@" in parts.netloc:  # a user name or password: no website's address has one
        raise ValueParseError(_NOT_AN_ADDRESS, typed)
    host = parts.hostname or ""
    if not host or not _valid_host(host):
        raise ValueParseError(_NOT_AN_ADDRESS, typed)
    url = urlunsplit((parts.scheme.lower(), parts.netloc, parts.path, parts.query, parts.fragment))
    if len(url) > MAX_URL_LENGTH:
        raise ValueParseError(_TOO_LONG, {"limit": MAX_URL_LENGTH})
    return url
