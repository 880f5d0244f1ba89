"""Why a page was not fetched: one exception family the fetcher raises and a scan records."""

from __future__ import annotations


class FetchError(Exception):
    """A page that could not be fetched; ``message`` is for the member (already translated),
    ``code`` for code (an address class, "scheme", "deadline", …)."""

    def __init__(self, url: str, code: str, message: str):
        super().__init__(message)
        self.url, self.code, self.message = url, code, message


class FetchRefused(FetchError):
    """Refused before connecting (scheme, credentials, address) or at a redirect hop."""


class FetchFailed(FetchError):
    """Tried and failed: no such host, no connection, TLS, the deadline, too many redirects."""
