"""Time every page a signed-in user reaches, side by side with a bare view, at real size.

    python -m benchmarks.pages                  # temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stackscope_bench python -m benchmarks.pages
    python -m benchmarks.pages --runs 10 --tools 2000 --integrations 666 --touchpoints 300

Builds (after ``migrate``) one organisation at the size of issue 13 — 2,000 tools, 666
integrations, 300 touchpoints from ``benchmarks/generate.py``, bulk-created; an assessment
with every question of the five steps answered — and signs its owner in with Django's test
``Client.force_login``. ``/__bare__/`` (``benchmarks/pages_urls.py``) renders ``base.html`` for
the same user through the same middleware: the floor every page is compared with.

Per page: one warm-up request, then the best of ``--runs`` (time.perf_counter), the size
of the HTML and the number of queries; the bare view is measured again right before each
page, and the ratio is to that measurement (a busy machine's load drifts during a run).
"cold ms": the best of 3 requests right after clearing Django's cache — the first view
after a change, when nothing rendered (``core.render_cache``, maps, the engine's result) is
kept. Targets: every page ≤ 3× the bare view; each map's HTML ≤ 300 KB. The CSV and XLSX
exports are downloads and are listed apart. Production-like:
``DEBUG`` off while timing (no query log), the default (local memory) cache. A PostgreSQL
database named in DATABASE_URL is used as it is (create it first; its tables are migrated
and the benchmark's organisation is added, never deleted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager

RATIO_TARGET = 3.0
MAP_BYTES_TARGET = 300 * 1024
MAPS = ("stack map", "integration map", "touchpoint matrix")


def _setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        path = os.path.join(tempfile.mkdtemp(prefix="stackscope-pages-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    # DEBUG at import only picks the plain static storage (no collectstatic needed);
    # timing runs with DEBUG switched off (override_settings below).
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    import django

    django.setup()


def build(tools: int, integrations: int, touchpoints: int):
    """The organisation, its owner and a fully answered assessment (bulk inserts)."""
    import itertools

    from django.db import transaction
    from django.utils import timezone

    from assessment.assessments.services import create_assessment
    from assessment.models import (
        Answer,
        DataObject,
        Integration,
        Tool,
        ToolSubcategory,
        Touchpoint,
    )
    from assessment.questionnaire import services as questionnaire
    from assessment.questionnaire_core import schema as s
    from benchmarks.generate import OrgSpec, answers_for, generate
    from core.models import User
    from core.services import create_organisation

    stamp = time.strftime("%Y%m%d%H%M%S")
    spec = OrgSpec(f"pages-{stamp}", tools, integrations, touchpoints, seed=13)
    with transaction.atomic():
        user = User(email=f"pages-{stamp}@example.test", first_name="Bench")
        user.set_unusable_password()
        user.save()
        org = create_organisation(name=f"Pages benchmark {stamp}", owner=user)
        version = questionnaire.ensure_default_framework()
        synthetic = generate(spec, version.framework)
        subs = {
            sub.key: sub
            for sub in ToolSubcategory.objects.for_organisation(org).select_related("category")
        }
        spare = itertools.cycle(list(subs.values()))
        rows = []
        for fact in synthetic.tools:
            sub = subs.get(fact.subcategory) or next(spare)
            rows.append(
                Tool(
                    organisation=org,
                    name=fact.name,
                    vendor=fact.name.split()[0],
                    category=sub.category,
                    subcategory=sub,
                    status=fact.status,
                    annual_cost=fact.annual_cost,
                    currency=fact.currency,
                    licensed_seats=fact.licensed_seats,
                    active_users_30d=fact.active_users_30d,
                    renewal_date=fact.renewal_date,
                    notice_period_days=fact.notice_period_days,
                    lifecycle=fact.lifecycle or "",
                    stages=list(fact.stages),
                    data_sensitivity=fact.data_sensitivity or "",
                    system_of_record=fact.system_of_record,
                    owning_team=fact.owner,
                    updated_by=user,
                )
            )
        Tool.objects.bulk_create(rows, batch_size=500)
        tool_ids = dict(
            zip(
                (f.id for f in synthetic.tools),
                Tool.objects.for_organisation(org).order_by("pk").values_list("pk", flat=True),
                strict=True,
            )
        )
        objects = {o.key: o.pk for o in DataObject.objects.for_organisation(org)}
        Integration.objects.bulk_create(
            [
                Integration(
                    organisation=org,
                    source_id=tool_ids[f.source_id],
                    target_id=tool_ids[f.target_id],
                    direction=f.direction,
                    method=f.method,
                    frequency=f.frequency,
                    status=f.status,
                    criticality=f.criticality,
                    review_state=f.review_state,
                    updated_by=user,
                )
                for f in synthetic.integrations
            ],
            batch_size=500,
        )
        through = Integration.data_objects.through
        edges = (
            Integration.objects.for_organisation(org).order_by("pk").values_list("pk", flat=True)
        )
        through.objects.bulk_create(
            [
                through(integration_id=pk, dataobject_id=objects[key])
                for pk, f in zip(edges, synthetic.integrations, strict=True)
                for key in f.data_objects
                if key in objects
            ],
            batch_size=1000,
        )
        Touchpoint.objects.bulk_create(
            [
                Touchpoint(
                    organisation=org,
                    name=f.name,
                    stage=f.stage,
                    channel=f.channel,
                    segment=f.segment,
                    personalisation=f.personalisation,
                    human_handover=f.human_handover,
                    ease=f.ease,
                    updated_by=user,
                )
                for f in synthetic.touchpoints
            ],
            batch_size=500,
        )
        through = Touchpoint.tools.through
        points = (
            Touchpoint.objects.for_organisation(org).order_by("pk").values_list("pk", flat=True)
        )
        through.objects.bulk_create(
            [
                through(touchpoint_id=pk, tool_id=tool_ids[t])
                for pk, f in zip(points, synthetic.touchpoints, strict=True)
                for t in f.tool_ids
            ],
            batch_size=1000,
        )
        assessment = create_assessment(
            organisation=org,
            user=user,
            framework_version=version,
            title="Pages benchmark",
            targets=dict.fromkeys(s.STEP_KEYS, 70),
        )
        now = timezone.now()
        Answer.objects.bulk_create(
            [
                Answer(
                    organisation=org,
                    assessment=assessment,
                    question_key=a.question_key,
                    value=a.value,
                    version=1,
                    answered_by=user,
                    answered_at=now,
                )
                for a in answers_for(assessment.framework, synthetic_rng(spec.seed))
            ]
        )
    return org, user, assessment


def synthetic_rng(seed: int):
    import random

    return random.Random(seed)


def pages(org, assessment) -> list[tuple[str, str]]:
    """(label, URL) of every page a signed-in owner reaches from the navigation."""
    from django.urls import reverse

    from assessment.models import (
        FrameworkVersion,
        Integration,
        Tool,
        ToolCategory,
        ToolSubcategory,
        Touchpoint,
    )
    from assessment.questionnaire_core import schema as s

    def first(model):
        return model.objects.for_organisation(org).order_by("pk").first().pk

    a = assessment.pk
    framework = FrameworkVersion.objects.order_by("pk").first().pk
    rows = [
        ("home", reverse("dashboard")),
        ("organisation settings", reverse("organisation_settings")),
        ("members", reverse("members")),
        ("API tokens", reverse("api_tokens")),
        ("assessment list", reverse("assessment_list")),
        ("assessment detail", reverse("assessment_detail", args=[a])),
        ("assessment edit", reverse("assessment_edit", args=[a])),
        *[(f"step {step}", reverse("assessment_step", args=[a, step])) for step in s.STEP_KEYS],
        ("review (answers)", reverse("assessment_review", args=[a])),
        ("results dashboard", reverse("assessment_dashboard", args=[a])),
        ("explain (stack)", reverse("assessment_explain", args=[a, "stack"])),
        ("roadmap", reverse("assessment_roadmap", args=[a])),
        ("report page", reverse("assessment_report", args=[a])),
        ("report list", reverse("report_list")),
        ("thresholds", reverse("finding_thresholds")),
        ("framework list", reverse("framework_list")),
        ("framework detail", reverse("framework_detail", args=[framework])),
        ("tool list", reverse("tool_list")),
        ("tool detail", reverse("tool_detail", args=[first(Tool)])),
        ("tool add", reverse("tool_add")),
        ("integration list", reverse("integration_list")),
        ("integration detail", reverse("integration_detail", args=[first(Integration)])),
        ("touchpoint list", reverse("touchpoint_list")),
        ("touchpoint detail", reverse("touchpoint_detail", args=[first(Touchpoint)])),
        ("review queue", reverse("integration_review_queue")),
        ("stack map", reverse("stack_map")),
        ("integration map", reverse("integration_map")),
        ("touchpoint matrix", reverse("touchpoint_matrix")),
        ("categories", reverse("toolcategory_list")),
        ("category detail", reverse("toolcategory_detail", args=[first(ToolCategory)])),
        ("subcategories", reverse("toolsubcategory_list")),
        ("subcategory detail", reverse("toolsubcategory_detail", args=[first(ToolSubcategory)])),
        ("data objects", reverse("dataobject_list")),
        ("import page (tools)", reverse("inventory_import", args=["tools"])),
    ]
    return rows


def downloads() -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        (f"{inventory} {fmt}", reverse("inventory_export", args=[inventory]) + f"?format={fmt}")
        for inventory in ("tools", "integrations")
        for fmt in ("csv", "xlsx")
    ]


class QueryCounter:
    """Counts the queries of one request (``connection.execute_wrapper``): the test client's
    request_started signal resets ``connection.queries``, so that log cannot be used."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def signed_in_client(user):
    """A test client signed in as ``user``, on the pages' URLs (``/__bare__/`` included) with
    DEBUG off, as the timings need."""
    from django.conf import settings
    from django.test import Client, override_settings

    with override_settings(
        ROOT_URLCONF="benchmarks.pages_urls",
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        SECURE_SSL_REDIRECT=False,
    ):
        client = Client()
        client.force_login(user)
        yield client


def measure(client, url: str, runs: int) -> dict:
    from django.core.cache import cache
    from django.db import connection

    response = client.get(url)  # warm-up
    if response.status_code != 200:
        return {"status": response.status_code}
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    cold = []
    for _ in range(runs):  # the first request after a change: nothing rendered is kept
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        cold.append(time.perf_counter() - start)
    cache.clear()
    cold_counter = QueryCounter()
    with connection.execute_wrapper(cold_counter):
        client.get(url)
    client.get(url)  # (and warm again)
    return {
        "cold_ms": min(cold) * 1000,
        "cold_queries": cold_counter.count,
        "status": response.status_code,
        # the best run, as benchmarks/timing.py: the one least disturbed by the machine
        "ms": min(times) * 1000,
        "median_ms": statistics.median(times) * 1000,
        "bytes": len(response.content),
        "queries": counter.count,
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="Pages at real size")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tools", type=int, default=2000)
    parser.add_argument("--integrations", type=int, default=666)
    parser.add_argument("--touchpoints", type=int, default=300)
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a temporary SQLite")
    parser.add_argument("--only", help="comma-separated page labels (substring match)")
    args = parser.parse_args(argv)
    _setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from .timing import machine

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    org, user, assessment = build(args.tools, args.integrations, args.touchpoints)
    built = time.perf_counter() - start
    load = os.getloadavg()
    print(f"machine: {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"database: {connection.vendor}; {args.tools:,} tools, {args.integrations:,} "
        f"integrations, {args.touchpoints:,} touchpoints, all five steps answered "
        f"(built in {built:.1f} s); best of {args.runs} after a warm-up\n"
    )
    results = []
    with signed_in_client(user) as client:
        bare = measure(client, "/__bare__/", args.runs)
        print(f"{'page':<26}{'ms':>8}{'× bare':>8}{'KB':>8}{'queries':>9}{'cold ms':>9}  status")
        print(f"{'bare view (base.html)':<26}{bare['ms']:>8.1f}{1:>8.2f}"
              f"{bare['bytes'] / 1024:>8.1f}{bare['queries']:>9}"
              f"{bare['cold_ms']:>9.1f}")  # fmt: skip
        selected = pages(org, assessment)
        if args.only:
            wanted = [w.strip() for w in args.only.split(",")]
            selected = [p for p in selected if any(w in p[0] for w in wanted)]
        for label, url in selected:
            # the bare view again right before each page: on a busy machine the load
            # drifts during a run, and the ratio must compare like with like
            floor = measure(client, "/__bare__/", args.runs)
            r = measure(client, url, args.runs)
            r.update(label=label, url=url, bare_ms=floor["ms"])
            results.append(r)
            if r["status"] != 200:
                print(f"{label:<26}{'':>8}{'':>8}{'':>8}{'':>9}  HTTP {r['status']} {url}")
                continue
            r["ratio"] = r["ms"] / floor["ms"]
            flags = []
            if r["ratio"] > RATIO_TARGET:
                flags.append(f"> {RATIO_TARGET:g}× bare")
            if label in MAPS and r["bytes"] > MAP_BYTES_TARGET:
                flags.append("> 300 KB")
            print(
                f"{label:<26}{r['ms']:>8.1f}{r['ratio']:>8.2f}{r['bytes'] / 1024:>8.1f}"
                f"{r['queries']:>9}{r['cold_ms']:>9.1f}"
                f"  {'MISSES: ' + ', '.join(flags) if flags else 'ok'}"
            )
        print("\ndownloads (not compared with the bare view)")
        for label, url in downloads():
            r = measure(client, url, max(3, args.runs // 2))
            print(f"{label:<26}{r.get('ms', 0):>8.1f}{'':>8}{r.get('bytes', 0) / 1024:>8.1f}"
                  f"{r.get('queries', 0):>9}  HTTP {r['status']}")  # fmt: skip
    misses = [r["label"] for r in results if r["status"] != 200 or r["ratio"] > RATIO_TARGET]
    misses += [
        r["label"] for r in results if r["label"] in MAPS and r.get("bytes", 0) > MAP_BYTES_TARGET
    ]
    print(f"\ntarget (≤ {RATIO_TARGET:g}× bare, maps ≤ 300 KB): "
          f"{'met' if not misses else 'NOT met: ' + ', '.join(sorted(set(misses)))}")  # fmt: skip
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
