"""Report exports: request one (served from cache when identical), in the request or queued."""

from django.conf import settings
from django.utils import timezone

from assessment.models import ExportStatus, ReportExport, Tool
from assessment.report import ready
from assessment.report.exports import render_export
from assessment.report.render import normalise_sections, report_cache_key
from assessment.report.sources import report_data_for
from core import jobs


def sync_limit() -> int:
    """Inventories up to this many tools render in the request; larger ones in the worker."""
    return getattr(settings, "REPORT_SYNC_MAX_TOOLS", 500)


def _cached(organisation, key: str) -> ReportExport | None:
    candidates = ReportExport.objects.for_organisation(organisation).filter(cache_key=key)
    # One whose worker died (or whose task is gone) is failed here, never shared: the
    # person asking again gets a new export (docs/tasks.md).
    jobs.fail_lost(candidates)
    for export in candidates.exclude(status=ExportStatus.FAILED).order_by("-created_at")[:3]:
        if export.is_pending:
            return export
        if export.is_ready and export.file.storage.exists(export.file.name):
            return export
    return None


def request_export(*, assessment, user, sections=None, page_size=None, language=None):
    """Return a ready or pending export for these options; render only what is not cached.

    Left out, the paper and the language are the organisation's. With its options and
    data unchanged since the ready copy (``ready``), that copy is handed over at once.
    Otherwise identical requests (same content, sections, page size and language) share
    one file: the key is the content hash of everything the PDF is made from.
    """
    defaults = ready.options_for(assessment.organisation)
    sections = normalise_sections(sections)
    page_size = page_size or defaults.page_size
    language = language or defaults.language
    if (sections, page_size, language) == (
        defaults.sections,
        defaults.page_size,
        defaults.language,
    ):
        copy = ready.current_copy(assessment)
        if copy is not None:
            return copy
    computed, version = ready.prepare(assessment)
    data = report_data_for(assessment, language=language, computed=computed)
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
        data_version=version,
        heartbeat_at=timezone.now(),
    )
    tools = Tool.objects.for_organisation(assessment.organisation).count()
    if tools <= sync_limit():
        render_export(export, data=data)
    else:
        jobs.enqueue(export)
    return export
