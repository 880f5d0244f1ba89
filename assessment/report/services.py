"""Report exports: request (served from cache when identical), render, keep for download."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessment.models import ExportStatus, ReportExport, Tool
from assessment.report.render import normalise_sections, render_report_pdf, report_cache_key
from assessment.report.sources import report_data_for

logger = logging.getLogger(__name__)


def sync_limit() -> int:
    """Inventories up to this many tools render in the request; larger ones in the worker."""
    return getattr(settings, "REPORT_SYNC_MAX_TOOLS", 500)


def _cached(organisation, key: str) -> ReportExport | None:
    candidates = ReportExport.objects.for_organisation(organisation).filter(cache_key=key)
    for export in candidates.exclude(status=ExportStatus.FAILED).order_by("-created_at")[:3]:
        if export.is_pending:
            return export
        if export.is_ready and export.file.storage.exists(export.file.name):
            return export
    return None


def request_export(*, assessment, user, sections=None, page_size="A4", language="en"):
    """Return a ready or pending export for these options; render only what is not cached.

    Identical requests (same content, sections, page size and language) share one file:
    the key is the content hash of everything the PDF is made from.
    """
    sections = normalise_sections(sections)
    data = report_data_for(assessment, language=language)
    key = report_cache_key(data, sections, page_size, language)
    cached = _cached(assessment.organisation, key)
    if cached is not None:
        return cached
    export = ReportExport.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        requested_by=user,
        sections=list(sections),
        page_size=page_size,
        language=language,
        cache_key=key,
    )
    tools = Tool.objects.for_organisation(assessment.organisation).count()
    if tools <= sync_limit():
        render_export(export, data=data)
    else:
        from assessment.report.tasks import render_report

        transaction.on_commit(lambda: render_report.enqueue(export.pk))
    return export


def _progress(export: ReportExport, status: str, progress: int, **fields) -> None:
    export.status, export.progress = status, progress
    for name, value in fields.items():
        setattr(export, name, value)
    export.save(update_fields=["status", "progress", "updated_at", *fields])


def render_export(export: ReportExport, *, data: dict | None = None) -> ReportExport:
    """Render one export to its file; a failure is recorded on the export, never raised."""
    _progress(export, ExportStatus.RUNNING, 10, started_at=timezone.now())
    try:
        if data is None:  # in the worker: the inputs may have changed since the request
            data = report_data_for(export.assessment, language=export.language)
            key = report_cache_key(data, export.sections, export.page_size, export.language)
            if key != export.cache_key:  # keyed by what the file is really made of
                export.cache_key = key
                export.save(update_fields=["cache_key", "updated_at"])
        _progress(export, ExportStatus.RUNNING, 40)
        pdf = render_report_pdf(
            data, sections=export.sections, page_size=export.page_size, language=export.language
        )
        export.file.save(export.filename, ContentFile(pdf.content), save=False)
        _progress(
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
        _progress(
            export,
            ExportStatus.FAILED,
            100,
            error=str(error)[:500],
            finished_at=timezone.now(),
        )
    return export
