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


def _usable(candidates) -> ReportExport | None:
    """The newest pending export, or finished one whose file is there. One whose worker died
    (or whose task is gone) is failed here, never shared: the person asking again gets a
    new export (docs/tasks.md)."""
    jobs.fail_lost(candidates)
    for export in candidates.exclude(status=ExportStatus.FAILED).order_by("-created_at")[:3]:
        if export.is_pending:
            return export
        if export.is_ready and export.file_exists:
            return export
    return None


def _cached(organisation, key: str) -> ReportExport | None:
    """An export of the same content (hash), options included."""
    return _usable(ReportExport.objects.for_organisation(organisation).filter(cache_key=key))


def _handed_to(user, export: ReportExport) -> ReportExport:
    """The user's own record of a finished export made earlier (the ready copy, or someone's
    identical print): a row sharing its file, so "Earlier exports" lists what this person
    printed. Their own earlier print, or one still rendering, is handed over as it is."""
    if not export.is_ready or (not export.automatic and export.requested_by_id == user.pk):
        return export
    return ReportExport.objects.create(
        organisation=export.organisation,
        assessment=export.assessment,
        requested_by=user,
        sections=export.sections,
        page_size=export.page_size,
        language=export.language,
        cache_key=export.cache_key,
        data_version=export.data_version,
        status=ExportStatus.DONE,
        progress=100,
        file=export.file.name,
        pages=export.pages,
        size_bytes=export.size_bytes,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )


def request_export(
    *, assessment, user, sections=None, page_size=None, language=None, keep_record=False
):
    """Return a ready or pending export for these options; render only what is not cached.

    Left out, the paper and the language are the organisation's. An export with the same
    options whose data has not changed since (``versions.data_version``: one query) is
    handed over at once — the ready copy (``ready``) for the organisation's options.
    Otherwise a small inventory renders here, and identical content (same hash of
    everything the PDF is made from) shares one file; a large one is queued without
    building anything here: the worker builds it, and re-uses an identical file.

    ``keep_record`` (the Print page): a finished file made earlier for someone else, or the
    ready copy, is handed over as the person's own row sharing that file, so the page's
    "Earlier exports" shows what they printed. The API hands over the file's own row.
    """
    defaults = ready.options_for(assessment.organisation)
    sections = normalise_sections(sections)
    page_size = page_size or defaults.page_size
    language = language or defaults.language
    options = {"sections": list(sections), "page_size": page_size, "language": language}
    version = ready.data_version(assessment, sections)
    existing = _usable(ready.made_from(assessment, version, **options))
    if existing is not None:
        return _handed_to(user, existing) if keep_record else existing
    fields = {"organisation": assessment.organisation, "assessment": assessment, **options}
    if Tool.objects.for_organisation(assessment.organisation).count() > sync_limit():
        export = ReportExport.objects.create(
            **fields, requested_by=user, data_version=version, heartbeat_at=timezone.now()
        )
        jobs.enqueue(export)  # keyed by its content in the worker (exports.render_export)
        return export
    computed, version = ready.prepare(assessment, sections)
    data = report_data_for(assessment, language=language, computed=computed, sections=sections)
    key = report_cache_key(data, sections, page_size, language)
    cached = _cached(assessment.organisation, key)
    if cached is not None:
        return _handed_to(user, cached) if keep_record else cached
    export = ReportExport.objects.create(
        **fields,
        requested_by=user,
        cache_key=key,
        data_version=version,
        heartbeat_at=timezone.now(),
    )
    return render_export(export, data=data)
