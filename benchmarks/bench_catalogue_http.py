"""Time the name typeahead end to end: the tool form's endpoint and the API, per request.

    python -m benchmarks.bench_catalogue_http               # 200 queries, 3 rounds
    python -m benchmarks.bench_catalogue_http --queries 400 --tools 2000

A temporary SQLite database (or DATABASE_URL), migrated; one organisation with the seeded
taxonomy and ``--tools`` tools (some named like catalogue products, so "already in your
stack" finds some), its owner signed in with Django's test ``Client.force_login``;
``DEBUG`` off while timing. The queries are ``bench_catalogue``'s (what a person types of a
catalogue name, seeded). Each request is timed alone (time.perf_counter); per URL the
median, 95th percentile and maximum over all rounds, beside two floors measured in the same
run, interleaved with the endpoints (round by round, so a busy machine's drift hits all
alike): ``/__empty__/`` — a signed-in view answering a few bytes, the cost of the middleware
stack — and ``/__bare__/`` — ``base.html`` for the same user (benchmarks/pages.py's floor).
Target (issue 18): every answer within 50 ms. Results: docs/performance.md, "Catalogue
typeahead".
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from .bench_catalogue import TARGET_MS, make_queries, summary
from .pages import _setup

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "id_name-listbox"}


def build(tools: int):
    from assessment.discovery import catalogue
    from assessment.models import Tool
    from core.models import User
    from core.services import create_organisation

    stamp = time.strftime("%Y%m%d%H%M%S")
    user = User(email=f"catalogue-{stamp}@example.test", first_name="Bench")
    user.set_unusable_password()
    user.save()
    org = create_organisation(name=f"Catalogue benchmark {stamp}", owner=user)
    known = [e.name for e in catalogue.catalogue().entries[::40]]  # ~190 products
    names = known + [f"In-house tool {i}" for i in range(max(0, tools - len(known)))]
    Tool.objects.bulk_create(
        [Tool(organisation=org, name=name) for name in names[:tools]], batch_size=500
    )
    return org, user


def timed(client, url: str, queries: list[str] | None, extra: dict) -> list[float]:
    times = []
    for query in queries or [None]:
        data = {"q": query} if query is not None else {}
        start = time.perf_counter()
        response = client.get(url, data, **extra)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, query, response.status_code)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools", type=int, default=2000)
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a temporary SQLite")
    args = parser.parse_args(argv)
    _setup(args.database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from assessment.discovery import catalogue

    from .timing import machine

    call_command("migrate", verbosity=0, interactive=False)
    _org, user = build(args.tools)
    catalogue.catalogue()  # loaded and indexed once per process (bench_catalogue times it)
    queries = make_queries(args.queries)
    urls = {
        "floor: empty view": ("/__empty__/", {}),
        "floor: bare page (base.html)": ("/__bare__/", {}),
        "tool form typeahead (htmx)": ("/tools/catalogue/", HTMX),
        "API /api/v1/catalogue/": ("/api/v1/catalogue/", {}),
    }
    rows: dict[str, list[float]] = {label: [] for label in urls}
    with override_settings(
        ROOT_URLCONF="benchmarks.catalogue_urls",
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        SECURE_SSL_REDIRECT=False,
    ):
        client = Client()
        client.force_login(user)
        for url, extra in urls.values():  # warm-up: templates, URL resolver, the session
            timed(client, url, queries[:5], extra)
        for _ in range(args.rounds):
            for label, (url, extra) in urls.items():
                rows[label] += timed(client, url, queries, extra)

    load = os.getloadavg()
    print(f"{machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"database: {connection.vendor}; {args.tools:,} tools; {len(catalogue.catalogue()):,} "
        f"technologies; {len(queries)} queries × {args.rounds} rounds per URL"
    )
    empty = statistics.median(rows["floor: empty view"])
    bare = statistics.median(rows["floor: bare page (base.html)"])
    print(f"{'':30} {'median':>9} {'p95':>9} {'max':>9} {'× empty':>8} {'× bare':>7}")
    for label, times in rows.items():
        median, p95, worst = summary(times)
        print(
            f"{label:30} {median:7.2f}ms {p95:7.2f}ms {worst:7.2f}ms "
            f"{median / empty:8.2f} {median / bare:7.2f}"
        )
    for label in ("tool form typeahead (htmx)", "API /api/v1/catalogue/"):
        _median, p95, _worst = summary(rows[label])
        verdict = "met" if p95 < TARGET_MS else "NOT met"
        print(f"{label}: target p95 < {TARGET_MS:.0f} ms {verdict} ({TARGET_MS / p95:.1f}× under)")


if __name__ == "__main__":
    main()
