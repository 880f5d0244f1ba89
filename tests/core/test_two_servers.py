"""Two app servers on one PostgreSQL (issue 13, item 3): what one writes, the other serves.

Each server is its own gunicorn process with its own working directory and MEDIA_ROOT, as
two machines behind a load balancer would be. One browser (one cookie jar) talks to
whichever server: it signs in on one, starts an import or a report export there, and
finishes or downloads it on the other. Nothing is written to either server's directory.

PostgreSQL only: the servers need the test run's database from another process (the
test data is committed: `postgres_only` is a transactional test).
"""

from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from assessment.models import ImportPreview, ReportExport, Tool
from core.models import StoredFile
from core.testing.factories import MembershipFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-pass-1"
#: Readiness and polling are bounded by attempts, never by reading the clock.
START_ATTEMPTS = 300
POLL_ATTEMPTS = 120
REQUEST_TIMEOUT = 240  # a first PDF render on a busy machine takes tens of seconds


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    workdir: Path
    log: Path

    def log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = db["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def start_server(base: Path, name: str) -> Server:
    workdir = base / name
    (workdir / "media").mkdir(parents=True)
    port = free_port()
    log = base / f"{name}.log"  # beside, not inside, the server's directory
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="core.settings",
        PYTHONPATH=str(ROOT),
        DEBUG="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        DB_CONN_MAX_AGE="0",  # no idle connection outlives a request (the test DB is dropped)
        FILE_STORAGE="database",
        MEDIA_ROOT=str(workdir / "media"),
        STACKSCOPE_VAR_DIR=str(workdir / "var"),
        TASKS_BACKEND="immediate",
        BEHIND_HTTPS_PROXY="0",
        LOG_LEVEL="WARNING",
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "core.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--timeout",
        "300",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        "-",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its workers
        )
    return Server(f"http://127.0.0.1:{port}", process, workdir, log)


def wait_until_ready(server: Server) -> None:
    for _attempt in range(START_ATTEMPTS):
        if server.process.poll() is not None:
            pytest.fail(f"{server.url} exited:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"{server.url} did not answer:\n{server.log_tail()}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)  # the group we started
            server.process.wait(timeout=20)


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    base = tmp_path_factory.mktemp("servers")
    started: list[Server] = []
    try:
        for name in ("server1", "server2"):
            started.append(start_server(base, name))
        for server in started:
            wait_until_ready(server)
        yield started
    finally:
        for server in started:
            stop(server)
    for server in started:  # each server kept nothing on its own disk
        written = [p for p in server.workdir.rglob("*") if p.is_file()]
        assert written == [], written


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test reads each Location itself


class Browser:
    """One person's browser: one cookie jar for both servers (cookies ignore the port, as
    they would ignore which server behind a load balancer answered)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, url, *, data=None, files=None) -> Response:
        headers = {}
        body = None
        if data is not None or files:
            fields = {"csrfmiddlewaretoken": self.csrf(), **(data or {})}
            if files:
                boundary = uuid.uuid4().hex
                body = multipart(fields, files, boundary)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(fields, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Response(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return Response(error.code, dict(error.headers), error.read())

    def sign_in(self, server: Server, email: str) -> None:
        assert self.request(f"{server.url}/accounts/login/").status == 200
        response = self.request(
            f"{server.url}/accounts/login/", data={"username": email, "password": PASSWORD}
        )
        assert response.status == 302, response.text[:2000]


def multipart(fields: dict, files: dict, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    out = "".join(parts).encode()
    for name, (filename, content) in files.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        out += content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def member(role: str):
    """A committed member whose password the servers can check (they hash with PBKDF2,
    not with the test run's fast hasher)."""
    membership = MembershipFactory(role=role)
    hasher = PBKDF2PasswordHasher()
    membership.user.password = hasher.encode(PASSWORD, hasher.salt())
    membership.user.save(update_fields=["password"])
    return membership


def test_an_import_started_on_one_server_commits_on_the_other(postgres_only, servers):
    first, second = servers
    membership = member("editor")
    browser = Browser()
    browser.sign_in(first, membership.user.email)
    assert browser.request(f"{second.url}/tools/").status == 200  # one session, both servers

    assert browser.request(f"{first.url}/tools/import/").status == 200
    response = browser.request(
        f"{first.url}/tools/import/",
        data={"day_first": "1"},
        files={"file": ("tools.csv", b"Name,Vendor\nMiro,Miro\nFigma,Figma\n")},
    )
    assert response.status == 302, response.text[:3000]
    preview = response.headers["Location"]
    assert ImportPreview.objects.filter(organisation=membership.organisation).count() == 1

    page = browser.request(f"{second.url}{preview}")
    assert page.status == 200, page.text[:3000]
    assert "Miro" in page.text and "Figma" in page.text
    response = browser.request(f"{second.url}{preview}", data={"action": "commit"})
    assert response.status == 302, response.text[:3000]
    names = Tool.objects.for_organisation(membership.organisation).values_list("name", flat=True)
    assert sorted(names) == ["Figma", "Miro"]
    assert not ImportPreview.objects.exists()


def test_a_report_exported_on_one_server_downloads_from_the_other(postgres_only, servers):
    first, second = servers
    membership = member("viewer")
    make_inventory(membership.organisation)
    assessment = make_assessment(membership.organisation, title="Two servers review")
    browser = Browser()
    browser.sign_in(first, membership.user.email)

    report = f"{first.url}/assessments/{assessment.pk}/report/"
    assert browser.request(report).status == 200
    response = browser.request(
        report, data={"sections": ["summary", "roadmap"], "page_size": "A4", "language": "en"}
    )
    assert response.status == 302, response.text[:3000]
    export = ReportExport.objects.get(assessment=assessment)
    download = f"{second.url}/reports/exports/{export.pk}/download/"
    for _attempt in range(POLL_ATTEMPTS):  # ready at once when rendered in the request
        response = browser.request(download)
        if response.status != 302:
            break
        time.sleep(1)
    assert response.status == 200, response.text[:3000]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.body.startswith(b"%PDF")
    export.refresh_from_db()
    assert StoredFile.objects.filter(name=export.file.name).exists()
