"""Time the Activity page (issue 15) on 100,000 history rows, side by side with a bare view.

    python -m benchmarks.bench_activity                    # temporary SQLite database
    python -m benchmarks.bench_activity --rows 20000 --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stackscope_bench \\
        python -m benchmarks.bench_activity

Builds (after ``migrate``) one organisation with 200 tools, 60 integrations, 40 touchpoints,
6 members and ``--rows`` history entries (bulk-created: creates, updates naming categories
and tools by id, m2m changes; through page, API, import and system; spread over two
years; every 25th row the child of one of the imports, which the page shows as one row),
and another organisation with 10,000 rows of its own. The signed-in owner then opens:

- the Activity page (first page, 50 rows), filtered by kind (tools), by person, and the
  20th page; a tool's History (its part, as the tool's page loads it);
- the CSV export of the tools' activity (a download: listed apart).

Each is compared with ``/__bare__/`` (``benchmarks/pages_urls.py``: ``base.html`` for the same
user through the same middleware) measured right before it, as ``benchmarks/pages.py``
does; the queries are counted per request. The rows are kept rendered under the organisation's
newest and oldest entry (``core.render_cache``); "cold" is the best of as many runs, each
right after clearing the cache: the first view after a change. Target: every page ≤ 3× the bare view
with a constant number of queries. Results go to docs/performance.md ("Activity").
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

from benchmarks.pages import RATIO_TARGET, QueryCounter, _setup, measure, signed_in_client


def build(rows: int, seed: int = 15):
    """The organisation, its owner, a tool with many entries; bulk inserts."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from assessment.models import Integration, Tool, ToolCategory, Touchpoint
    from core.models import HistoryEntry, HistorySource, Membership, Organisation, User
    from core.services import create_organisation

    rng = random.Random(seed)
    stamp = time.strftime("%Y%m%d%H%M%S")

    def person(name: str) -> User:
        user = User(email=f"{name}-{stamp}@example.test", first_name=name.capitalize())
        user.set_unusable_password()
        user.save()
        return user

    with transaction.atomic():
        owner = person("owner")
        org = create_organisation(name=f"Activity benchmark {stamp}", owner=owner)
        people = [owner]
        for name in ("ann", "bob", "cem", "dana", "eli"):
            user = person(name)
            Membership.objects.create(organisation=org, user=user, role="editor")
            people.append(user)
        categories = list(ToolCategory.objects.for_organisation(org))
        Tool.objects.bulk_create(
            [
                Tool(
                    organisation=org,
                    name=f"Tool {i}",
                    vendor="Vendor",
                    category=categories[i % len(categories)],
                    status="active",
                )
                for i in range(200)
            ]
        )
        tools = list(Tool.objects.for_organisation(org).order_by("pk"))
        Integration.objects.bulk_create(
            [Integration(organisation=org, source=tools[i], target=tools[i + 1]) for i in range(60)]
        )
        integrations = list(Integration.objects.for_organisation(org).order_by("pk"))
        Touchpoint.objects.bulk_create(
            [Touchpoint(organisation=org, name=f"Touchpoint {i}") for i in range(40)]
        )
        touchpoints = list(Touchpoint.objects.for_organisation(org).order_by("pk"))
        types = {m: ContentType.objects.get_for_model(m) for m in (Tool, Integration, Touchpoint)}
        types[ToolCategory] = ContentType.objects.get_for_model(ToolCategory)

        now = timezone.now()
        span = dt.timedelta(days=730).total_seconds()
        sources = [HistorySource.PAGE] * 6 + [HistorySource.API] * 2 + [HistorySource.SYSTEM]

        def row(i: int, target, **extra) -> HistoryEntry:
            model = type(target)
            kind = i % 5
            if model is Tool and kind:
                changes = {
                    "category": [
                        categories[i % len(categories)].pk,
                        categories[(i + 1) % len(categories)].pk,
                    ],
                    "status": ["active", "retired"],
                    "annual_cost": ["1000.00", "1200.00"],
                }
            elif model is Integration:
                changes = {"target": [tools[i % 200].pk, tools[(i + 7) % 200].pk]}
            elif model is Touchpoint:
                changes = {"tools": {"type": "m2m", "operation": "add", "objects": ["Tool 1"]}}
            else:
                changes = {"name": [None, str(target)], "vendor": [None, "Vendor"]}
            user = people[i % len(people)]
            fields = dict(
                organisation=org,
                content_type=types[model],
                object_pk=str(target.pk),
                object_id=target.pk,
                object_repr=str(target) if model is not Integration else f"Integration {i}",
                action=HistoryEntry.Action.UPDATE if kind else HistoryEntry.Action.CREATE,
                changes=changes,
                actor=user,
                actor_email=user.email,
                source=sources[i % len(sources)],
                timestamp=now - dt.timedelta(seconds=rng.random() * span),
            )
            fields.update(extra)
            return HistoryEntry(**fields)

        targets = [*tools, *tools, *integrations, *touchpoints, *categories]
        groups = HistoryEntry.objects.bulk_create(
            [
                HistoryEntry(
                    organisation=org,
                    content_type=types[Tool],
                    object_pk="",
                    object_repr="tools.csv",
                    action=HistoryEntry.Action.CREATE,
                    changes={},
                    actor=owner,
                    source=HistorySource.IMPORT,
                    timestamp=now - dt.timedelta(seconds=rng.random() * span),
                    additional_data={
                        "kind": "import",
                        "file": f"tools-{g}.csv",
                        "model": "assessment.tool",
                        "created": 3,
                        "updated": 20,
                        "deleted": 0,
                        "unchanged": 100,
                    },
                )
                for g in range(max(1, rows // 500))
            ]
        )
        batch = []
        for i in range(rows - len(groups)):
            extra = {}
            if i % 25 == 0:
                group = groups[i % len(groups)]
                extra = {"parent_id": group.pk, "source": HistorySource.IMPORT}
            batch.append(row(i, targets[i % len(targets)], **extra))
            if len(batch) == 5000:
                HistoryEntry.objects.bulk_create(batch)
                batch = []
        HistoryEntry.objects.bulk_create(batch)

        # another organisation's rows in the same table
        other_owner = person("other")
        other = create_organisation(name=f"Other {stamp}", owner=other_owner)
        HistoryEntry.objects.bulk_create(
            [
                HistoryEntry(
                    organisation=other,
                    content_type=ContentType.objects.get_for_model(Organisation),
                    object_pk=str(other.pk),
                    object_id=other.pk,
                    object_repr=str(other),
                    action=HistoryEntry.Action.UPDATE,
                    changes={"name": ["a", "b"]},
                    source=HistorySource.SYSTEM,
                    timestamp=now - dt.timedelta(seconds=rng.random() * span),
                )
                for _ in range(10_000)
            ],
            batch_size=5000,
        )
    return org, owner, people[1], tools[0]


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="The Activity page on many history rows")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a temporary SQLite")
    args = parser.parse_args(argv)
    _setup(args.database_url)

    import os

    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from core.models import HistoryEntry

    from .timing import machine

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    org, owner, colleague, tool = build(args.rows)
    built = time.perf_counter() - start
    total = HistoryEntry.objects.filter(organisation=org).count()
    load = os.getloadavg()
    print(f"machine: {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"database: {connection.vendor}; {total:,} history rows in the organisation "
        f"(+10,000 in another; built in {built:.1f} s); best of {args.runs} after a warm-up\n"
    )
    activity = reverse("activity")
    history = reverse("object_history", args=["assessment.tool", tool.pk])
    pages = [
        ("activity, first page", activity),
        ("activity, kind = tools", f"{activity}?kind=assessment.tool"),
        ("activity, one person", f"{activity}?actor={colleague.pk}"),
        ("activity, person + through", f"{activity}?actor={colleague.pk}&source=api"),
        ("activity, page 20", f"{activity}?page=20"),
        ("a tool's history (htmx)", history),
    ]
    results = []
    with signed_in_client(owner) as client:
        bare = measure(client, "/__bare__/", args.runs)
        print(
            f"{'page':<28}{'ms':>8}{'× bare':>8}{'KB':>8}{'queries':>9}{'rows':>6}"
            f"{'cold ms':>9}{'cold ×':>8}{'cold q':>8}"
        )
        print(f"{'bare view (base.html)':<28}{bare['ms']:>8.1f}{1:>8.2f}"
              f"{bare['bytes'] / 1024:>8.1f}{bare['queries']:>9}")  # fmt: skip
        for label, url in pages:
            floor = measure(client, "/__bare__/", args.runs)
            if "htmx" in label:
                client.defaults["HTTP_HX_REQUEST"] = "true"
            r = measure(client, url, args.runs)
            client.defaults.pop("HTTP_HX_REQUEST", None)
            shown = client.get(url).content.count(b'data-testid="history-entry"')
            r.update(label=label, url=url, bare_ms=floor["ms"], rows=shown)
            results.append(r)
            if r["status"] != 200:
                print(f"{label:<28}  HTTP {r['status']} {url}")
                continue
            r["ratio"] = r["ms"] / floor["ms"]
            flag = "ok" if r["ratio"] <= RATIO_TARGET else f"MISSES: > {RATIO_TARGET:g}× bare"
            # cold: the first request after a change (nothing rendered kept, core.render_cache)
            print(
                f"{label:<28}{r['ms']:>8.1f}{r['ratio']:>8.2f}{r['bytes'] / 1024:>8.1f}"
                f"{r['queries']:>9}{shown:>6}{r['cold_ms']:>9.1f}"
                f"{r['cold_ms'] / floor['ms']:>8.2f}{r['cold_queries']:>8}  {flag}"
            )
        print("\ndownload (not compared with the bare view)")
        export = f"{reverse('activity_export')}?kind=assessment.tool"
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.get(export)
            body = b"".join(response.streaming_content)
        took = (time.perf_counter() - started) * 1000
        lines = body.count(b"\n") - 1
        print(
            f"{'CSV, kind = tools':<28}{took:>8.1f} ms, {len(body) / 1024:,.0f} KB, "
            f"{lines:,} rows, {counter.count} queries"
        )
    misses = [r["label"] for r in results if r["status"] != 200 or r["ratio"] > RATIO_TARGET]
    print(f"\ntarget (≤ {RATIO_TARGET:g}× bare): "
          f"{'met' if not misses else 'NOT met: ' + ', '.join(misses)}")  # fmt: skip
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
