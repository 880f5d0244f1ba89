"""Rendering one export to its file: in the request for small inventories, or in the task
worker (`tasks.render_report`) for large ones. Apart from `services` so the task imports
the work without importing what enqueues it."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment.models import ExportStatus, ReportExport
from assessment.report.render import render_report_pdf, report_cache_key
from assessment.report.sources import report_data_for

logger = logging.getLogger(__name__)


def record_progress(export: ReportExport, status: str, progress: int, **fields) -> None:
    export.status, export.progress = status, progress
    for name, value in fields.items():
        setattr(export, name, value)
    export.save(update_fields=["status", "progress", "updated_at", *fields])


def render_export(export: ReportExport, *, data: dict | None = None) -> ReportExport:
    """Render one export to its file; a failure is recorded on the export, never raised."""
    record_progress(export, ExportStatus.RUNNING, 10, started_at=timezone.now())
    try:
        if data is None:  # in the worker: the inputs may have changed since the request
            data = report_data_for(export.assessment, language=export.language)
            key = report_cache_key(data, export.sections, export.page_size, export.language)
            if key != export.cache_key:  # keyed by what the file is really made of
                export.cache_key = key
                export.save(update_fields=["cache_key", "updated_at"])
        record_progress(export, ExportStatus.RUNNING, 40)
        pdf = render_report_pdf(
            data, sections=export.sections, page_size=export.page_size, language=export.language
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
