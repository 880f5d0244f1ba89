"""Locust users for the load test: signed-in editors browsing, autosaving, using the API.

Run through `python -m benchmarks.load.run` (it seeds the database, starts gunicorn and the
task worker and writes LOAD_FIXTURE); by hand:

    LOAD_FIXTURE=var/load/fixture.json locust -f benchmarks/load/locustfile.py \
        --host http://127.0.0.1:8790 --headless -u 50 -r 10 -t 60s

Each simulated user takes one seeded account (session cookie and API token made before the
run) and requests as the browser and htmx do behind the TLS proxy: X-Forwarded-Proto https,
the CSRF cookie echoed in X-CSRFToken with a same-origin Origin for POSTs. Expected 409s (a
stale autosave, an import racing another on the same name, a download asked for before its
export is done) count as successes and are tallied apart; every other non-2xx is a failure.
The tallies go to LOAD_COUNTS (JSON) when the run stops.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
import uuid
from collections import Counter
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, events, task

FIXTURE = json.load(open(os.environ.get("LOAD_FIXTURE", "var/load/fixture.json")))  # noqa: SIM115
ACCOUNTS = itertools.cycle(FIXTURE["accounts"])
ASSESSMENT = FIXTURE["assessment"]
QUESTIONS = FIXTURE["questions"]
STEPS = FIXTURE["steps"]

#: outcome → count: "409 <name>" for the expected conflicts, "error <status> <name>" else.
COUNTS: Counter[str] = Counter()

PAGES = [
    ("/", "home"),
    ("/assessments/{a}/dashboard/", "dashboard"),
    ("/assessments/{a}/roadmap/", "roadmap"),
    ("/tools/", "tool list"),
    ("/integrations/", "integration list"),
    ("/tools/map/", "stack map"),
    ("/integrations/map/", "integration map"),
]


@events.test_stop.add_listener
def _write_counts(**_kwargs) -> None:
    path = os.environ.get("LOAD_COUNTS")
    if path:
        with open(path, "w") as out:
            json.dump(dict(COUNTS), out, indent=1, sort_keys=True)


def _multipart(filename: str, content: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        f"{content}\r\n--{boundary}--\r\n"
    ).encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Editor(FastHttpUser):
    """An editor of the demo organisation: pages, autosaves, API reads, imports, exports."""

    # Think time (LOAD_WAIT "min,max" seconds; run.py's --wait): the default is a person's
    # pace; a capacity measurement shortens it so that 50 users keep every worker busy.
    wait_time = between(*map(float, os.environ.get("LOAD_WAIT", "0.5,2.0").split(",")))

    def on_start(self) -> None:
        account = next(ACCOUNTS)
        self.csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        self.token = account["token"]
        # Cookies travel in our own header (they are Secure, and this is plain HTTP to the
        # app server behind the "proxy"); the client's jar keeps nothing.
        self.client.cookiejar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        origin = self.host.rstrip("/").replace("http://", "https://")
        self.browser = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.0.{random.randrange(250)}.{random.randrange(1, 250)}",
            "Cookie": f"sessionid={account['session']}; csrftoken={self.csrf}",
        }
        self.post_headers = {
            **self.browser,
            "X-CSRFToken": self.csrf,
            "Origin": origin,
            "HX-Request": "true",
        }
        self.api = {"X-Forwarded-Proto": "https", "Authorization": f"Bearer {self.token}"}
        self.versions: dict[str, int] = {}

    def _check(self, response, name: str, ok=(200,), conflict: bool = False) -> None:
        if response.status_code in ok:
            response.success()
        elif conflict and response.status_code == 409:
            COUNTS[f"409 {name}"] += 1
            response.success()
        else:
            COUNTS[f"error {response.status_code} {name}"] += 1
            response.failure(f"{response.status_code}")

    # Pages ---------------------------------------------------------------------------------

    @task(10)
    def page(self) -> None:
        path, name = random.choice(PAGES)
        with self.client.get(
            path.format(a=ASSESSMENT),
            headers=self.browser,
            name=name,
            catch_response=True,
            allow_redirects=False,  # a redirect to the log-in page is a lost session: an error
        ) as response:
            self._check(response, name)

    @task(6)
    def step_and_autosave(self) -> None:
        """Open a step page, then autosave one of its answers with the version it showed."""
        question = random.choice(QUESTIONS)
        key = question["key"]
        with self.client.get(
            f"/assessments/{ASSESSMENT}/steps/{question['step']}/",
            headers=self.browser,
            name="step",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            self._check(response, "step")
            html = response.text or ""
        found = re.search(rf'name="q-{key}-base_version" value="(\d+)"', html)
        self.versions[key] = int(found.group(1)) if found else self.versions.get(key, 0)
        self._autosave(question)

    @task(4)
    def autosave(self) -> None:
        """Another change to an answer already open (typing on: the version we last saw)."""
        if self.versions:
            key = random.choice(list(self.versions))
            self._autosave(next(q for q in QUESTIONS if q["key"] == key))

    def _autosave(self, question: dict) -> None:
        key = question["key"]
        data = {
            f"q-{key}-value": random.choice(question["values"]),
            f"q-{key}-base_version": str(self.versions.get(key, 0)),
        }
        with self.client.post(
            f"/assessments/{ASSESSMENT}/answers/{key}/",
            data=urlencode(data),
            headers={
                **self.post_headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Target": f"question-{key}",
            },
            name="autosave",
            catch_response=True,
        ) as response:
            self._check(response, "autosave", conflict=True)
            # Saved, or stale with theirs shown: either way the form now carries the new base.
            found = re.search(rf'name="q-{key}-base_version" value="(\d+)"', response.text or "")
            if found:
                self.versions[key] = int(found.group(1))

    # API -----------------------------------------------------------------------------------

    @task(4)
    def api_reads(self) -> None:
        path, name = random.choice(
            [
                ("/api/v1/tools/?page_size=50", "api tools"),
                ("/api/v1/integrations/?page_size=50", "api integrations"),
                (f"/api/v1/assessments/{ASSESSMENT}/answers/", "api answers"),
                (f"/api/v1/assessments/{ASSESSMENT}/roadmap/?horizon=now", "api roadmap"),
            ]
        )
        with self.client.get(path, headers=self.api, name=name, catch_response=True) as response:
            self._check(response, name)

    @task(1)
    def api_import(self) -> None:
        """A small touchpoints file: a dry run, then the real import (unique names)."""
        stamp = uuid.uuid4().hex[:10]
        rows = "\r\n".join(f"Load touchpoint {stamp} {n},awareness,web,Load test" for n in range(3))
        body, content_type = _multipart(
            "touchpoints.csv", f"Name,Stage,Channel,Owner\r\n{rows}\r\n"
        )
        headers = {**self.api, "Content-Type": content_type}
        for dry_run, name in ((1, "api import dry run"), (0, "api import")):
            with self.client.post(
                f"/api/v1/touchpoints/import/?dry_run={dry_run}",
                data=body,
                headers=headers,
                name=name,
                catch_response=True,
            ) as response:
                self._check(response, name, conflict=True)
                if response.status_code == 200 and not (response.json() or {}).get("ok"):
                    COUNTS[f"not ok {name}"] += 1
                    response.failure("import not ok")

    @task(1)
    def report_export(self) -> None:
        """Ask for a report PDF through the API and poll its status once or twice."""
        options = {"page_size": random.choice(["A4", "Letter"]), "language": "en"}
        with self.client.post(
            f"/api/v1/assessments/{ASSESSMENT}/report-exports/",
            json=options,
            headers=self.api,
            name="api export request",
            catch_response=True,
        ) as response:
            self._check(response, "api export request", ok=(200, 201, 202))
            url = (response.json() or {}).get("url") if response.status_code < 300 else None
            url = urlsplit(url).path if url else None
        for _ in range(2):
            if not url:
                return
            with self.client.get(
                url, headers=self.api, name="api export status", catch_response=True
            ) as response:
                self._check(response, "api export status")
                status = (response.json() or {}).get("status")
                COUNTS[f"export status {status}"] += 1
                if status in {"done", "failed"}:
                    return
            self.wait()
