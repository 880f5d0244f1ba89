"""Rendering one export to its file: in the request for small inventories, or in the task
worker (`tasks.render_report`) for large ones. Apart from `services` so the task imports
the work without importing what enqueues it."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_noop

from assessment.models import ExportStatus, ReportExport
from assessment.report import progress
from assessment.report.render import render_report_pdf, report_cache_key
from assessment.report.sources import report_data_for
from assessment.report.versions import prepare
from core import jobs
from core.jobs import record_progress

logger = logging.getLogger(__name__)

__all__ = ["REPORT_WORKER_LOST", "identical", "record_progress", "render_export"]

#: The demo's report has 22 pages; a first render spreads its layout over that many.
DEFAULT_PAGES_GUESS = 22

#: Stored in `error` (English) when the worker died; the pages and the API translate it.
REPORT_WORKER_LOST = gettext_noop(
    "The background worker stopped while making this report; ask for it again."
)


def identical(export: ReportExport) -> ReportExport | None:
    """A finished export of the same content (hash) whose file is still there."""
    others = ReportExport.objects.filter(
        organisation=export.organisation_id,
        cache_key=export.cache_key,
        status=ExportStatus.DONE,
    ).exclude(pk=export.pk)
    for other in others.order_by("-finished_at")[:3]:
        if other.file_exists:
            return other
    return None


def _pages_guess(export: ReportExport) -> int:
    """How many pages the render will lay out: the last copy's count, for the bar."""
    last = (
        ReportExport.objects.filter(assessment=export.assessment_id, status=ExportStatus.DONE)
        .exclude(pages=None)
        .order_by("-finished_at")
        .values_list("pages", flat=True)
        .first()
    )
    return last or DEFAULT_PAGES_GUESS


def render_export(export: ReportExport, *, data: dict | None = None) -> ReportExport:
    """Render one export to its file; a failure is recorded on the export, never raised.

    Claiming it first (queued → running) means a duplicate task, or one for an export
    already failed or done, does nothing; the lease is renewed while WeasyPrint works.
    """
    if not jobs.claim(export):
        return export
    record_progress(export, ExportStatus.RUNNING, 10)
    try:
        if data is None:  # in the worker: the inputs may have changed since the request
            computed, version = prepare(export.assessment, export.sections)
            data = report_data_for(
                export.assessment,
                language=export.language,
                computed=computed,
                sections=export.sections,
            )
            key = report_cache_key(data, export.sections, export.page_size, export.language)
            # keyed by what the file is really made of
            export.cache_key, export.data_version = key, version
            export.save(update_fields=["cache_key", "data_version", "updated_at"])
            same = identical(export)
            if same is not None:  # the same content was printed: its file, not a render
                record_progress(
                    export,
                    ExportStatus.DONE,
                    100,
                    file=same.file.name,
                    pages=same.pages,
                    size_bytes=same.size_bytes,
                    finished_at=timezone.now(),
                    error="",
                )
                return export
        record_progress(export, ExportStatus.RUNNING, progress.START)

        def advance(percent: int) -> None:
            record_progress(export, ExportStatus.RUNNING, percent)

        with jobs.keep_alive(export), progress.weasyprint_progress(advance, _pages_guess(export)):
            pdf = render_report_pdf(
                data,
                sections=export.sections,
                page_size=export.page_size,
                language=export.language,
            )
        export.file.save(export.filename, ContentFile(pdf.content), save=False)
        record_progress(
            export,
            ExportStatus.DONE,
            100,
            file=export.file,
            pages=pdf.pages,
            size_bytes=len(pdf.content),
            finished_at=timezone.now(),
            error="",
        )
    except Exception as error:  # the user sees a plain message; the log has the details
        logger.exception("Report export %s failed", export.pk)
        record_progress(
            export,
            ExportStatus.FAILED,
            100,
            error=str(error)[:500],
            finished_at=timezone.now(),
        )
    return export
