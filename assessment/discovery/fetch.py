"""Fetch a web page for a technology scan, safely: public addresses only, bounded, anonymous.

A member types a website; the server fetches it. So that this cannot be turned against our
own network (server-side request forgery), every hop is checked the same way: http or
https only, no credentials in the URL, the host resolved here and every address it
resolves to judged public (``addresses.py``), the connection made to that vetted address
(pinned: a second DNS answer cannot swap it, the rebinding attack) with the name kept for
the Host header and TLS (SNI and certificate), and the address actually connected checked
again. Redirects are followed by hand, at most five, each hop re-checked. Responses are
read in pieces up to a byte cap and a total deadline (a watchdog closes the socket when it
passes). No cookies, no credentials, no proxy (a proxy would resolve the name itself); an
honest user agent. ``DISCOVERY_ALLOWED_PRIVATE_HOSTS`` names hosts that may resolve to
private addresses (an intranet, the tests); never the cloud metadata service.

The standard library's http.client is used rather than a client library: pinning the
address while keeping the name for TLS is one overridden ``connect``, it keeps no cookie
jar and follows no redirect of its own, so nothing has to be switched off.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import metadata
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.discovery import addresses
from assessment.discovery.addresses import IPAddress
from assessment.discovery.errors import FetchError, FetchFailed, FetchRefused

__all__ = ["FetchError", "FetchFailed", "FetchRefused", "FetchedPage", "SafeFetcher"]

MB = 1024 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PIECE = 64 * 1024
_SAFE_IN_URL = "/%:@!$&'()*+,;=-._~"

#: What each refused address class is called in a refusal message.
ADDRESS_CLASS_LABELS = {
    addresses.METADATA: gettext_lazy("the cloud metadata service"),
    addresses.LOOPBACK: gettext_lazy("a loopback address"),
    addresses.UNSPECIFIED: gettext_lazy("an unspecified address"),
    addresses.LINK_LOCAL: gettext_lazy("a link-local address"),
    addresses.SHARED: gettext_lazy("a shared (carrier-grade NAT) address"),
    addresses.PRIVATE: gettext_lazy("a private address"),
    addresses.MULTICAST: gettext_lazy("a multicast address"),
    addresses.RESERVED: gettext_lazy("a reserved address"),
}


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    allowed_private_hosts: frozenset[str] = frozenset()
    max_bytes: int = 5 * MB
    total_timeout: float = 30.0
    connect_timeout: float = 10.0
    max_redirects: int = 5
    user_agent: str = ""

    def allows_private(self, host: str) -> bool:
        """Whether ``host`` is named in the allowed list ("intranet.example", or
        ".example" for a domain and every name under it)."""
        host = host.rstrip(".").lower()
        for name in self.allowed_private_hosts:
            name = name.rstrip(".").lower()
            if host == name.lstrip(".") or (name.startswith(".") and host.endswith(name)):
                return True
        return False


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # the final URL, after redirects
    status: int
    headers: tuple[tuple[str, str], ...] = ()  # (lower-case name, value), as received
    cookies: tuple[tuple[str, str], ...] = ()  # (name, value) of Set-Cookie: read, never sent
    body: bytes = b""
    truncated: bool = False  # the byte cap stopped the read
    redirects: tuple[str, ...] = ()  # the URLs that redirected here, in order
    address: str = ""  # the address actually connected
    text: str = field(default="", repr=False)  # the body decoded (charset of the response)

    def header(self, name: str) -> str:
        """A header's value; several of one name joined with ", "."""
        name = name.lower()
        return ", ".join(v for k, v in self.headers if k == name)

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";", 1)[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in {"", "text/html", "application/xhtml+xml"}


@cache
def user_agent() -> str:
    """``Stackscope/<version> (+<project URL>; website technology scan)``: who is asking and
    where to read why, as a polite crawler says. Without a project URL in the package's
    metadata the agent says it is a self-hosted install instead of inventing an address."""
    try:
        info = metadata.metadata("stackscope")
        version = info["Version"]
        urls = dict(u.split(", ", 1) for u in info.get_all("Project-URL") or [] if ", " in u)
    except metadata.PackageNotFoundError:
        version, urls = "dev", {}
    url = urls.get("Source") or urls.get("Homepage")
    where = f"+{url}" if url else "self-hosted"
    return f"Stackscope/{version} ({where}; website technology scan)"


def policy_from_settings() -> FetchPolicy:
    return FetchPolicy(
        allowed_private_hosts=frozenset(getattr(settings, "DISCOVERY_ALLOWED_PRIVATE_HOSTS", ())),
        user_agent=user_agent(),
    )


def resolve(host: str, port: int) -> list[str]:
    """The addresses a name resolves to (``getaddrinfo``, TCP), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the vetted address; ``host`` stays the name (the Host header)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS for the name: SNI and the certificate check use ``host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self.pinned_address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


class SafeFetcher:
    """``fetcher(url)`` → :class:`FetchedPage`, or :class:`FetchError`.

    ``resolver`` and ``clock`` are parameters so tests can pose a name that resolves to a
    private address, and a scan can share one deadline across pages."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Callable[[str, int], Sequence[str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy or policy_from_settings()
        self.resolver = resolver or resolve
        self.clock = clock
        self.tls = ssl.create_default_context()

    def __call__(
        self, url: str, *, max_bytes: int | None = None, deadline: float | None = None
    ) -> FetchedPage:
        """Fetch ``url``, following redirects; ``deadline`` is a time on ``self.clock``."""
        if deadline is None:
            deadline = self.clock() + self.policy.total_timeout
        cap = self.policy.max_bytes if max_bytes is None else max_bytes
        chain: list[str] = []
        current = url
        while True:
            try:
                page, location = self._one(current, cap, deadline)
            except FetchRefused as refused:
                if chain:  # say it was the redirect that was refused
                    raise FetchRefused(
                        refused.url,
                        refused.code,
                        _("%(url)s redirected to %(target)s, which was not fetched: %(reason)s")
                        % {"url": chain[0], "target": current, "reason": refused.message},
                    ) from refused
                raise
            if location is None:
                return replace(page, redirects=tuple(chain)) if chain else page
            chain.append(current)
            if len(chain) > self.policy.max_redirects:
                raise FetchFailed(
                    url,
                    "redirects",
                    _("%(url)s redirected more than %(count)d times.")
                    % {"url": url, "count": self.policy.max_redirects},
                )
            current = location

    # -- one hop ---------------------------------------------------------------------------

    def _one(self, url: str, cap: int, deadline: float) -> tuple[FetchedPage, str | None]:
        scheme, host, port, target = self._check_url(url)
        vetted = self._vet(url, host, port, deadline)
        conn = self._connect(url, scheme, host, port, vetted, deadline)
        watchdog = threading.Timer(max(0.0, deadline - self.clock()), _abort, args=(conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._exchange(url, conn, target, cap, deadline)
        except (OSError, http.client.HTTPException) as error:
            if self.clock() >= deadline:
                raise self._too_slow(url) from error
            raise FetchFailed(
                url,
                "connection",
                _("%(url)s could not be read (%(error)s).")
                % {"url": url, "error": error.__class__.__name__},
            ) from error
        finally:
            watchdog.cancel()
            conn.close()

    def _check_url(self, url: str) -> tuple[str, str, int, str]:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as error:
            raise FetchRefused(
                url, "url", _("“%(url)s” is not a valid web address.") % {"url": url}
            ) from error
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRefused(
                url,
                "scheme",
                _("%(url)s was not fetched: only http and https addresses are scanned.")
                % {"url": url},
            )
        if parts.username is not None or parts.password is not None:
            raise FetchRefused(
                url,
                "credentials",
                _(
                    "%(url)s was not fetched: addresses with a user name or password are "
                    "not scanned."
                )
                % {"url": url},
            )
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise FetchRefused(
                url, "url", _("“%(url)s” is not a valid web address.") % {"url": url}
            )
        if addresses.parse_address(host) is None:
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError as error:
                raise FetchRefused(
                    url, "url", _("“%(url)s” is not a valid web address.") % {"url": url}
                ) from error
        # non-ASCII and spaces percent-encoded; existing escapes kept
        path = quote(parts.path or "/", safe=_SAFE_IN_URL)
        query = quote(parts.query, safe=_SAFE_IN_URL + "?")
        target = urlunsplit(("", "", path, query, ""))
        return scheme, host, port or (443 if scheme == "https" else 80), target

    def _vet(self, url: str, host: str, port: int, deadline: float) -> list[IPAddress]:
        """The addresses to try, each judged; any refused address refuses the host."""
        literal = addresses.parse_address(host)
        if literal is not None:
            found = [literal]
        else:
            texts = self._resolve(url, host, port, deadline)
            found = [a for a in map(addresses.parse_address, texts) if a is not None]
            if not found:
                raise FetchFailed(url, "dns", _("%(host)s could not be found.") % {"host": host})
        for address in found:
            self._judge(url, host, address, literal is not None)
        return found

    def _judge(self, url: str, host: str, address: IPAddress, literal: bool) -> None:
        kind = addresses.address_class(address)
        if kind is None or (kind != addresses.METADATA and self.policy.allows_private(host)):
            return
        label = ADDRESS_CLASS_LABELS[kind]
        if literal:
            message = _(
                "%(url)s was not fetched: %(address)s is %(label)s; only public addresses "
                "are scanned."
            ) % {"url": url, "address": address, "label": label}
        else:
            message = _(
                "%(url)s was not fetched: %(host)s resolves to %(label)s (%(address)s); "
                "only public addresses are scanned."
            ) % {"url": url, "host": host, "label": label, "address": address}
        raise FetchRefused(url, kind, message)

    def _resolve(self, url: str, host: str, port: int, deadline: float) -> list[str]:
        """Resolve in a helper thread, so a hanging resolver cannot outlast the deadline."""
        outcome: list = []

        def run() -> None:
            try:
                outcome.append(list(self.resolver(host, port)))
            except Exception as error:  # reported below, in the caller's thread
                outcome.append(error)

        worker = threading.Thread(target=run, daemon=True, name="discovery-resolve")
        worker.start()
        worker.join(max(0.0, deadline - self.clock()))
        if not outcome:
            raise self._too_slow(url)
        if isinstance(outcome[0], Exception):
            raise FetchFailed(url, "dns", _("%(host)s could not be found.") % {"host": host})
        return outcome[0]

    def _connect(
        self,
        url: str,
        scheme: str,
        host: str,
        port: int,
        vetted: list[IPAddress],
        deadline: float,
    ) -> http.client.HTTPConnection:
        error: Exception | None = None
        for address in vetted:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise self._too_slow(url)
            timeout = min(self.policy.connect_timeout, remaining)
            if scheme == "https":
                conn = _PinnedHTTPSConnection(
                    host, port, address=str(address), timeout=timeout, context=self.tls
                )
            else:
                conn = _PinnedHTTPConnection(host, port, address=str(address), timeout=timeout)
            try:
                conn.connect()
            except (OSError, http.client.HTTPException) as failure:
                conn.close()
                error = failure
                if isinstance(failure, ssl.SSLCertVerificationError):
                    break  # the same certificate answers on every address
                continue
            # the address actually connected must be the one vetted (and still public)
            peer = addresses.parse_address(conn.sock.getpeername()[0])
            if peer != address:
                conn.close()
                message = _("%(url)s was not fetched: the connection went to another address.")
                raise FetchRefused(url, "pinning", message % {"url": url})
            self._judge(url, host, peer, addresses.parse_address(host) is not None)
            return conn
        if isinstance(error, ssl.SSLCertVerificationError):
            raise FetchFailed(
                url, "tls", _("%(host)s did not present a valid certificate.") % {"host": host}
            ) from error
        raise FetchFailed(
            url, "connection", _("%(host)s did not accept a connection.") % {"host": host}
        ) from error

    def _exchange(
        self, url: str, conn: http.client.HTTPConnection, target: str, cap: int, deadline: float
    ) -> tuple[FetchedPage, str | None]:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.putheader("User-Agent", self.policy.user_agent or user_agent())
        conn.putheader("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        conn.putheader("Accept-Encoding", "identity")  # no decompression bombs
        conn.putheader("Connection", "close")
        conn.endheaders()
        self._set_timeout(conn, url, deadline)
        response = conn.getresponse()
        headers = tuple((k.lower(), v) for k, v in response.getheaders())
        address = conn.sock.getpeername()[0] if conn.sock else ""
        location = dict(headers).get("location") if response.status in REDIRECTS else None
        if location:
            return FetchedPage(url, response.status, headers, address=address), urljoin(
                url, location.strip()
            )
        body, truncated = self._read(url, conn, response, cap, deadline)
        page = FetchedPage(
            url,
            response.status,
            headers,
            cookies=_cookies(headers),
            body=body,
            truncated=truncated,
            address=address,
            text=decode(body, dict(headers).get("content-type", "")),
        )
        return page, None

    def _read(self, url, conn, response, cap: int, deadline: float) -> tuple[bytes, bool]:
        pieces: list[bytes] = []
        size = 0
        while size < cap:
            self._set_timeout(conn, url, deadline)
            piece = response.read1(min(PIECE, cap - size))
            if not piece:
                if self.clock() >= deadline:  # the watchdog closed it: not a whole page
                    raise self._too_slow(url)
                return b"".join(pieces), False
            pieces.append(piece)
            size += len(piece)
        # the cap is reached: anything more is cut off
        self._set_timeout(conn, url, deadline)
        more = response.read1(1) if not response.isclosed() else b""
        return b"".join(pieces), bool(more)

    def _set_timeout(self, conn, url: str, deadline: float) -> None:
        remaining = deadline - self.clock()
        if remaining <= 0:
            raise self._too_slow(url)
        if conn.sock is not None:
            conn.sock.settimeout(min(remaining, self.policy.connect_timeout))

    def _too_slow(self, url: str) -> FetchFailed:
        return FetchFailed(url, "deadline", _("%(url)s did not answer in time.") % {"url": url})


def _abort(conn: http.client.HTTPConnection) -> None:
    """The watchdog: the deadline passed, so break whatever is blocked on the socket."""
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _cookies(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for name, value in headers:
        if name == "set-cookie":
            pair = value.split(";", 1)[0]
            if "=" in pair:
                key, _sep, val = pair.partition("=")
                found.append((key.strip(), val.strip()))
    return tuple(found)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode(body: bytes, content_type: str) -> str:
    """The body as text: the charset the response names, else a ``<meta charset>`` near
    the top, else UTF-8; undecodable bytes are replaced, never fatal."""
    charset = ""
    for param in content_type.split(";")[1:]:
        key, _sep, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    if not charset:
        match = _CHARSET.search(body[:4096])
        charset = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
