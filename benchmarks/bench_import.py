"""Time the import commit (set-based, imports/bulk.py) and the preview on 10,000-row files.

    python -m benchmarks.bench_import                       # SQLite file in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stackscope_bench \\
        python -m benchmarks.bench_import                   # PostgreSQL: test_<name>
    python -m benchmarks.bench_import --rows 2000 --runs 1  # a quick look

A temporary database (created and migrated here, dropped at the end) holds an organisation
with 2,000 tools. Timed, best of ``runs`` each, with the preview (the cleaning) built
beforehand and timed separately:

- **tools new**: 10,000 new tools;
- **integr. new**: 10,000 integrations between existing tools, 1–3 data objects each;
- **integr. same**: the same 10,000 integration rows again (nothing changed, nothing saved);
- **tools changed**: 10,000 tool rows whose vendor and notes changed.

Baselines from the same run, because the machine is shared and noisy: a plain
``Tool.objects.bulk_create`` of the same number of tools, and the old row-by-row path
(``services.create_object`` / ``update_object`` per row, as `commit` did before) on 1,000
rows, scaled ×10. Results and the machine are recorded in docs/performance.md ("Imports").
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile

import django

from .timing import best_of, machine

TARGET_NEW_SECONDS = 5.0
TARGET_SAME_SECONDS = 3.0
OLD_ROWS = 1000
EXISTING_TOOLS = 2000


def _setup(tmp: str) -> None:
    """Settings for a throwaway database: a SQLite file in `tmp`, or DATABASE_URL's
    server with a test_<name> database (what pytest-django does)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("MEDIA_ROOT", os.path.join(tmp, "media"))
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False  # DEBUG=1 (no SECRET_KEY needed) would log every query's SQL

    if connection.vendor == "sqlite":  # a file, like the app's (the default is in memory)
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tmp, "bench.sqlite3")


def _tool_rows(count: int, prefix: str, vendor: str) -> list[list]:
    statuses = ["Active", "Trial", "Inactive"]
    return [
        [
            f"{prefix} {n}",
            vendor,
            statuses[n % 3],
            str(1000 + n),
            "EUR",
            str(n % 50),
            f"{vendor} {n}",
        ]
        for n in range(count)
    ]


TOOL_HEADERS = ["Name", "Vendor", "Status", "Annual cost", "Currency", "Licensed seats", "Notes"]
INTEGRATION_HEADERS = ["Source", "Target", "Data objects", "Frequency", "Notes"]


def _integration_rows(count: int, tools: list[str], objects: list[str]) -> list[list]:
    """`count` distinct source → target pairs, each with 1–3 data objects."""
    rng = random.Random(13)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < count:
        source, target = rng.randrange(len(tools)), rng.randrange(len(tools))
        if source != target:
            pairs.add((source, target))
    frequencies = ["Daily", "Hourly", "Weekly"]
    return [
        [
            tools[s],
            tools[t],
            "; ".join(rng.sample(objects, rng.randint(1, 3))),
            frequencies[(s + t) % 3],
            f"{s}→{t}",
        ]
        for s, t in sorted(pairs)
    ]


def run(args) -> dict[str, float]:
    from django.db import connection, transaction

    from assessment.inventory import imports, services
    from assessment.inventory.imports.commit import model_fields
    from assessment.inventory_core.normalise import normalise_name
    from assessment.models import DataObject, Integration, Tool, ToolCategory, ToolSubcategory
    from core.models import Organisation
    from core.testing.factories import MembershipFactory

    membership = MembershipFactory(organisation=Organisation.objects.create(name="Bench"))
    organisation, user = membership.organisation, membership.user
    services.seed_taxonomy(organisation=organisation)
    Tool.objects.bulk_create(
        Tool(organisation=organisation, name=f"Existing {n}", vendor="Old")
        for n in range(EXISTING_TOOLS)
    )
    existing_names = [f"Existing {n}" for n in range(EXISTING_TOOLS)]
    objects = list(DataObject.objects.for_organisation(organisation).values_list("name", flat=True))
    rows = args.rows

    def prepared(inventory, headers, data):
        session = imports.ImportSession.new(
            organisation=organisation,
            user=user,
            inventory=inventory,
            filename="bench.csv",
            headers=headers,
            rows=data,
            day_first=True,
            stored=False,
        )
        seconds, preview = best_of(lambda: session.preview(organisation), args.preview_runs)
        assert preview.ok, (preview.problems, preview.errors[:3])
        return session, preview, seconds

    def timed_commit(session, preview, reset, expect):
        """Best of `runs` commits, `reset()` (untimed) after each but the last."""
        times = []
        for index in range(args.runs):
            seconds, counts = best_of(
                lambda: imports.commit(session, organisation, user, preview=preview), 1
            )
            assert counts == expect, counts
            times.append(seconds)
            if index < args.runs - 1:
                reset()
        return min(times)

    def old_path(model, inventory, session, preview, limit):
        """The row-by-row loop `commit` ran before (services per row), on `limit` rows."""
        lookups = {
            "category": {c.key: c for c in ToolCategory.objects.for_organisation(organisation)},
            "subcategory": {
                s.key: s for s in ToolSubcategory.objects.for_organisation(organisation)
            },
            "data_objects": {d.key: d for d in DataObject.objects.for_organisation(organisation)},
            "tools": {
                normalise_name(t.name): t for t in Tool.objects.for_organisation(organisation)
            },
        }
        result = preview.result
        existing = model.objects.in_bulk([t for t in result.targets[:limit] if t])

        def loop():
            with transaction.atomic():
                for row, target in zip(result.rows[:limit], result.targets[:limit], strict=True):
                    fields = model_fields(inventory, row, lookups)
                    if target is None:
                        services.create_object(
                            model=model, organisation=organisation, user=user, **fields
                        )
                    else:
                        services.update_object(instance=existing[target], user=user, **fields)
                transaction.set_rollback(True)

        seconds, _ = best_of(loop, 1)
        return seconds * (rows / limit)

    out: dict[str, float] = {}
    results = []

    # Baseline: Django's bulk_create of the same number of plain tools.
    def plain():
        with transaction.atomic():
            Tool.objects.bulk_create(
                (Tool(organisation=organisation, name=f"Plain {n}") for n in range(rows)),
                batch_size=500,
            )
            transaction.set_rollback(True)

    out["bulk_create"], _ = best_of(plain, args.runs)

    # 1. New tools.
    new_tools = _tool_rows(rows, "New", "Acme")
    session, preview, preview_s = prepared("tools", TOOL_HEADERS, new_tools)
    old = old_path(Tool, "tools", session, preview, min(OLD_ROWS, rows))

    def drop_new_tools():
        Tool.objects.for_organisation(organisation).filter(name__startswith="New ").delete()

    commit_s = timed_commit(
        session, preview, drop_new_tools, {"created": rows, "updated": 0, "unchanged": 0}
    )
    results.append(("tools new", preview_s, commit_s, old))

    # 2. Tool updates (the 10,000 new tools' vendor and notes change).
    changed = _tool_rows(rows, "New", "Globex")
    session, preview, preview_s = prepared("tools", TOOL_HEADERS, changed)
    old = old_path(Tool, "tools", session, preview, min(OLD_ROWS, rows))

    def undo_changes():
        Tool.objects.for_organisation(organisation).filter(name__startswith="New ").update(
            vendor="Acme"
        )

    commit_s = timed_commit(
        session, preview, undo_changes, {"created": 0, "updated": rows, "unchanged": 0}
    )
    results.append(("tools changed", preview_s, commit_s, old))

    # 3. New integrations between the 2,000 existing tools.
    integration_rows = _integration_rows(rows, existing_names, objects)
    session, preview, preview_s = prepared("integrations", INTEGRATION_HEADERS, integration_rows)
    old = old_path(Integration, "integrations", session, preview, min(OLD_ROWS, rows))

    def drop_integrations():
        Integration.objects.for_organisation(organisation).delete()

    commit_s = timed_commit(
        session, preview, drop_integrations, {"created": rows, "updated": 0, "unchanged": 0}
    )
    results.append(("integr. new", preview_s, commit_s, old))

    # 4. The same integration rows again: nothing changed.
    session, preview, preview_s = prepared("integrations", INTEGRATION_HEADERS, integration_rows)
    old = old_path(Integration, "integrations", session, preview, min(OLD_ROWS, rows))
    commit_s = timed_commit(
        session, preview, lambda: None, {"created": 0, "updated": 0, "unchanged": rows}
    )
    results.append(("integr. same", preview_s, commit_s, old))

    print(f"database: {connection.vendor}, {rows:,} rows per file, {EXISTING_TOOLS:,} tools")
    print(
        f"baseline: plain Tool.objects.bulk_create of {rows:,} tools "
        f"{out['bulk_create']:.2f} s (best of {args.runs})\n"
    )
    print(
        f"{'file':<15}{'preview s':>10}{'commit s':>10}{'× bulk_create':>15}"
        f"{'old path s':>12}{'old / new':>11}"
    )
    for name, preview_s, commit_s, old in results:
        out[name] = commit_s
        print(
            f"{name:<15}{preview_s:>10.2f}{commit_s:>10.2f}"
            f"{commit_s / out['bulk_create']:>15.1f}{old:>12.1f}{old / commit_s:>11.0f}"
        )
    print(f"\nold path: {min(OLD_ROWS, rows):,} rows row by row, scaled to {rows:,}")
    for name, target in (
        ("tools new", TARGET_NEW_SECONDS),
        ("integr. new", TARGET_NEW_SECONDS),
        ("integr. same", TARGET_SAME_SECONDS),
    ):
        verdict = "meets" if out[name] <= target else "MISSES"
        print(f"{name}: {out[name]:.2f} s — {verdict} the {target:g} s target")
    return out


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description="Import benchmark")
    parser.add_argument("--runs", type=int, default=3, help="commits per file (best of)")
    parser.add_argument("--preview-runs", type=int, default=1, help="previews per file")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from django.db import connection

        print(f"machine: {machine()}; load: {os.getloadavg()[0]:.2f}")
        name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            return run(args)
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
