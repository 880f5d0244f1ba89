r"""Time the usual Print: the ready copy handed over, against rendering the report then.

    python -m benchmarks.bench_ready                 # temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stackscope_bready \
      python -m benchmarks.bench_ready

Builds one organisation (``--tools`` tools, default 150, about the M organisation of
``bench_report`` — with integrations, touchpoints and every question answered:
``benchmarks.pages.build``) and signs its owner in with Django's test ``Client``. Then,
alternating ``--runs`` rounds so the machine's drift hits both alike:

- **ready**: the click on *Create PDF* with the organisation's options (the POST, its
  redirect, the download read to the last byte) while the ready copy is current — what
  the usual Print costs (target: ≤ 0.3 s);
- **bare**: the same client's GET of a bare view rendering ``base.html`` (the floor of any
  request here, ``benchmarks/pages_urls.py``);
- **cold**: the same click with the data changed just before (a tool's name), so the
  report is built and rendered in the request — what every Print cost before the ready
  copy (the file of that round is deleted so the next round renders again).

And the start-up of ``manage.py export_report`` (a subprocess on the same database): its
wall time against the render time it reports (target: ≤ 2×).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

READY_TARGET_SECONDS = 0.3
STARTUP_TARGET_RATIO = 2.0


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _click(client, url: str) -> bytes:
    response = client.post(url, _defaults(client))
    assert response.status_code == 302, response.status_code
    download = client.get(response["Location"])
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content)


def _defaults(client) -> dict:
    from assessment.report.render import DEFAULT_SECTIONS, SECTION_KEYS

    organisation = client.organisation
    return {
        "sections": [key for key in SECTION_KEYS if key in DEFAULT_SECTIONS],
        "page_size": organisation.paper_size,
        "language": organisation.language,
    }


def _export_report_startup(assessment_id: int, runs: int) -> list[tuple[float, float]]:
    """(wall, render) of `manage.py export_report` in a fresh process, per run."""
    results = []
    out = os.path.join(tempfile.mkdtemp(prefix="stackscope-ready-"), "report.pdf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "export_report", str(assessment_id), "-o", out],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        wall = time.perf_counter() - start
        render = float(re.search(r"render ([\d.]+) s", done.stdout).group(1))
        results.append((wall, render))
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Ready copy benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tools", type=int, default=150)
    parser.add_argument("--startup-runs", type=int, default=3)
    args = parser.parse_args(argv)

    from benchmarks import pages

    pages._setup(None)
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from assessment.models import ReportExport, Tool
    from assessment.report import ready
    from benchmarks.timing import machine

    organisation, user, assessment = pages.build(args.tools, args.tools * 2, args.tools // 2)
    client = Client()
    client.force_login(user)
    client.organisation = organisation
    url = reverse("assessment_report", args=[assessment.pk])

    def make_ready_copy() -> None:
        export = ready.schedule(assessment, ready.data_version(assessment))
        ready.refresh(ReportExport.objects.get(pk=export.pk))

    timings: dict[str, list[float]] = {"ready": [], "bare": [], "cold": []}
    with override_settings(
        ROOT_URLCONF="benchmarks.pages_urls",
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        SECURE_SSL_REDIRECT=False,
    ):
        client.get("/__bare__/")
        make_ready_copy()
        _click(client, url)  # warm-up
        tool = Tool.objects.filter(organisation=organisation).first()
        for round_ in range(args.runs):
            timings["bare"].append(_timed(lambda: client.get("/__bare__/")))
            timings["ready"].append(_timed(lambda: _click(client, url)))
            tool.name = f"Benchmark tool {round_}"  # printed: the content changes
            tool.save()
            timings["cold"].append(_timed(lambda: _click(client, url)))
            ReportExport.objects.filter(automatic=False).delete()
            make_ready_copy()  # current again for the next round (not timed)
    startup = _export_report_startup(assessment.pk, args.startup_runs)

    print(machine())
    print(f"organisation: {args.tools} tools; {args.runs} alternating rounds (median, min)")
    for name, values in timings.items():
        print(
            f"  {name:6} {statistics.median(values) * 1000:8.0f} ms  {min(values) * 1000:8.0f} ms"
        )
    ready_median = statistics.median(timings["ready"])
    cold_median = statistics.median(timings["cold"])
    print(
        f"ready copy click → download: {ready_median:.3f} s (target ≤ {READY_TARGET_SECONDS} s); "
        f"{ready_median / statistics.median(timings['bare']):.1f}× the bare view; "
        f"the cold Print took {cold_median / ready_median:.0f}× as long"
    )
    for wall, render in startup:
        print(
            f"export_report: {wall:.2f} s wall, render {render:.2f} s: "
            f"{wall / render:.2f}× (target ≤ {STARTUP_TARGET_RATIO}×)"
        )
    return {"timings": timings, "startup": startup}


if __name__ == "__main__":
    main()
