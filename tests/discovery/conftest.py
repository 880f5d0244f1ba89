"""A tiny website on 127.0.0.1 for the fetcher and scan tests, reached as ``localhost``.

The pages in ``site/`` carry the real embed snippets of Google Tag Manager, Google
Analytics 4, Hotjar, the Meta Pixel (home page) and HubSpot forms (contact page). Extra
routes misbehave on purpose: redirects to anywhere, a body that never ends, a server that
stops answering, an echo of the request headers.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from assessment.discovery.fetch import FetchPolicy, SafeFetcher, user_agent

SITE = Path(__file__).resolve().parent / "site"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx/1.25.3"  # what the Server header says (detect.py reads it)
    sys_version = ""

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
        if route is not None:
            route(query)
            return
        name = parts.path.strip("/") or "index.html"
        page = SITE / name
        if "/" in name or not page.is_file():
            self._send(404, b"<h1>Not found</h1>")
            return
        self._send(200, page.read_bytes(), extra=[("Set-Cookie", "_ga=GA1.1.1.1; Path=/")])

    def route_redirect(self, query) -> None:
        self._send(302, b"", extra=[("Location", query["to"][0])])

    def route_loop(self, query) -> None:
        self._send(302, b"", extra=[("Location", "/loop")])

    def route_cookie_then_echo(self, query) -> None:
        extra = [("Set-Cookie", "session=secret; Path=/"), ("Location", "/echo")]
        self._send(302, b"", extra=extra)

    def route_echo(self, query) -> None:
        body = json.dumps(dict(self.headers.items())).encode()
        self._send(200, body, "application/json")

    def route_forever(self, query) -> None:
        """A body that never ends, as fast as the client reads (or slowly: ?slow=1)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"x" * 8000 + b"</p>\n"
        try:
            for _ in range(100_000):  # ends when the client hangs up
                self.wfile.write(chunk)
                if "slow" in query:
                    time.sleep(0.05)
        except OSError:
            pass

    def route_stall(self, query) -> None:
        """Headers, then nothing: the client must give up by its deadline."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.flush()
        time.sleep(5)


@pytest.fixture(scope="session")
def site_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_url(site_server) -> str:
    """The test site's address, by name: ``localhost`` is allowed to be private here."""
    return f"http://localhost:{site_server.server_address[1]}"


@pytest.fixture
def allow_localhost(settings):
    settings.DISCOVERY_ALLOWED_PRIVATE_HOSTS = ["localhost"]


def localhost_resolver(host: str, port: int) -> list[str]:
    """Resolve ``localhost`` to the IPv4 loopback only (the test server listens there)."""
    return ["127.0.0.1"] if host == "localhost" else []


@pytest.fixture
def fetcher(allow_localhost) -> SafeFetcher:
    policy = FetchPolicy(
        allowed_private_hosts=frozenset({"localhost"}),
        total_timeout=10.0,
        user_agent=user_agent(),
    )
    return SafeFetcher(policy, resolver=localhost_resolver)
