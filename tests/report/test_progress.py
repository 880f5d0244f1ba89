"""An export's progress follows WeasyPrint's own steps and pages (assessment/report/progress.py)."""

import itertools
import logging
import threading

import pytest

from assessment.models import ExportStatus, ReportExport
from assessment.report import exports, progress, services
from core import jobs
from tests.results.helpers import make_assessment, make_inventory


@pytest.mark.parametrize(
    ("message", "pages", "expected"),
    [
        ("Step 1 - Fetching and parsing HTML - report.html", 10, 42),
        ("Step 4 - Creating formatting structure", 10, progress.LAYOUT_START),
        ("Step 5 - Creating layout - Page 5", 10, 68),  # half-way through the layout
        ("Step 5 - Creating layout - Page 30", 10, progress.LAYOUT_END),  # more than guessed
        ("Step 6 - Creating PDF", 10, 88),
        ("Step 7 - Adding PDF metadata", 10, progress.END),
        ("Something else", 10, None),
    ],
)
def test_percent_for_each_weasyprint_message(message, pages, expected):
    assert progress.percent_for(message, pages) == expected


def test_reports_rise_at_least_two_points_apart_and_only_for_this_thread():
    seen = []
    logger = logging.getLogger(progress.PROGRESS_LOGGER)
    with progress.weasyprint_progress(seen.append, expected_pages=40):
        for page in range(1, 41):
            logger.info("Step 5 - Creating layout - Page %d", page)
        other = threading.Thread(target=logger.info, args=("Step 7 - Adding PDF metadata",))
        other.start()
        other.join()
    assert seen == sorted(set(seen)) and len(seen) >= 10
    assert all(b - a >= progress.MIN_STEP for a, b in itertools.pairwise(seen))
    assert progress.END not in seen  # the other thread's step is not ours
    assert logger.propagate and not logger.handlers  # restored


@pytest.mark.django_db
def test_a_render_moves_the_bar_through_many_steps(organisation, monkeypatch):
    make_inventory(organisation)
    assessment = make_assessment(organisation)
    recorded = []
    real = jobs.record_progress

    def spy(job, status, percent, **fields):
        recorded.append((status, percent))
        real(job, status, percent, **fields)

    monkeypatch.setattr(exports, "record_progress", spy)
    export = services.request_export(assessment=assessment, user=None, page_size="A4")
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    running = [p for s, p in recorded if s == ExportStatus.RUNNING]
    assert running == sorted(running) and len(set(running)) >= 8, running
    assert recorded[-1] == (ExportStatus.DONE, 100)
    # The next render spreads its layout over the pages this one had.
    assert exports._pages_guess(ReportExport(assessment=assessment)) == export.pages
