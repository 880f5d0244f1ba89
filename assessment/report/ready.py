"""The ready copy: every assessment's report kept rendered in its organisation's language
and paper size (the default sections), so the usual Print click downloads a file that is
already there (docs/report.md, "The ready copy").

How it stays current without a hook in every service that writes:

- ``data_version`` is a cheap key over everything the report is made of (one query, the
  same ``core.versions`` query the results pages are cached under, plus the organisation
  row and, for an open assessment, the day: its report prints today's date);
- the task worker calls ``refresh_due`` every few seconds (``core.worker``'s periodic
  work): an assessment whose version differs from its newest ready copy's gets a queued
  automatic export, its task due ``REPORT_READY_DEBOUNCE_SECONDS`` later — at most one
  waits per assessment (a database constraint);
- the task (``refresh``) renders only once the data has been quiet that long, or
  ``REPORT_READY_MAX_WAIT_SECONDS`` after the first change however busy the team is; it
  re-uses the file of an identical export (same content hash) instead of rendering again.

A Print with the organisation's options checks the version (``current_copy``) and hands
over the ready file; anything else renders as it always did (``services.request_export``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessment.models import Assessment, ExportStatus, ReportExport
from assessment.report.exports import render_export
from assessment.report.versions import Options, data_version, options_for, prepare
from core import jobs
from core.selectors import worker_is_alive

__all__ = [
    "Options",
    "current_copy",
    "data_version",
    "made_from",
    "options_for",
    "prepare",
    "refresh_due",
]

#: Ready copies kept per assessment besides the newest (a link someone was just given
#: keeps working while the next one replaces it).
KEEP_PREVIOUS = 1


def enabled() -> bool:
    return getattr(settings, "REPORT_READY_COPIES", True)


def debounce() -> timedelta:
    return timedelta(seconds=getattr(settings, "REPORT_READY_DEBOUNCE_SECONDS", 10))


def max_wait() -> timedelta:
    return timedelta(seconds=getattr(settings, "REPORT_READY_MAX_WAIT_SECONDS", 300))


# -- reading it -------------------------------------------------------------------------


def made_from(assessment: Assessment, version: str, *, sections, page_size, language):
    """The assessment's exports with these options made (or being made) from the data at
    `version`: what a request for them can be handed instead of a new render."""
    return ReportExport.objects.filter(
        assessment=assessment,
        data_version=version,
        sections=list(sections),
        page_size=page_size,
        language=language,
    )


def current_copy(assessment: Assessment, version: str | None = None) -> ReportExport | None:
    """A finished export with the organisation's options made from the data as it is now,
    automatic or asked for by someone; None when the data moved on (two queries)."""
    if version is None:
        version = data_version(assessment)
    options = options_for(assessment.organisation)
    export = (
        made_from(
            assessment,
            version,
            sections=options.sections,
            page_size=options.page_size,
            language=options.language,
        )
        .filter(status=ExportStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    return export if export is not None and export.file_exists else None


@dataclass(frozen=True)
class ReadyState:
    """What the report page says about the ready copy."""

    options: Options
    enabled: bool = True
    current: ReportExport | None = None  # download it: it is the data as it is now
    previous: ReportExport | None = None  # the newest ready copy, older than the data
    failed: bool = False  # rendering this data failed: it is tried again when data changes
    worker_alive: bool = True

    @property
    def refreshing(self) -> bool:
        """A fresher copy is on its way (the worker notices a change within seconds)."""
        return self.enabled and self.current is None and not self.failed

    @property
    def waiting_for_worker(self) -> bool:
        return self.refreshing and not self.worker_alive


def ready_state(assessment: Assessment) -> ReadyState:
    options = options_for(assessment.organisation)
    if not enabled():
        return ReadyState(options, enabled=False)
    version = data_version(assessment)
    current = current_copy(assessment, version)
    if current is not None:
        return ReadyState(options, current=current)
    automatic = ReportExport.objects.filter(assessment=assessment, automatic=True)
    newest = automatic.order_by("-created_at").first()
    failed = (
        newest is not None
        and newest.status == ExportStatus.FAILED
        and newest.data_version == version
    )
    previous = automatic.filter(status=ExportStatus.DONE).order_by("-finished_at").first()
    if previous is not None and not previous.file_exists:
        previous = None
    return ReadyState(options, previous=previous, failed=failed, worker_alive=worker_is_alive())


# -- keeping it current (the task worker) -------------------------------------------------


def refresh_due() -> int:
    """Queue a ready copy for every assessment whose data moved on since its newest one
    (the worker calls this every REPORT_READY_CHECK_SECONDS). Returns how many it queued."""
    if not enabled():
        return 0
    queued = 0
    pending = set(
        ReportExport.objects.filter(
            automatic=True, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
        ).values_list("assessment_id", flat=True)
    )
    newest = dict(
        ReportExport.objects.filter(automatic=True)
        .order_by("assessment_id", "created_at")
        .values_list("assessment_id", "data_version")
    )  # the last one per assessment wins; a failed one is not retried for the same data
    assessments = Assessment.objects.filter(archived_at__isnull=True).select_related("organisation")
    for assessment in assessments.iterator(chunk_size=200):
        if assessment.pk in pending:
            continue  # one at a time: the next look after it finishes
        version = data_version(assessment)
        if newest.get(assessment.pk) == version:
            continue
        if current_copy(assessment, version) is not None:
            continue  # someone printed these options since the data last changed
        if schedule(assessment, version) is not None:
            queued += 1
    return queued


def schedule(assessment: Assessment, version: str) -> ReportExport | None:
    """Queue the assessment's next ready copy, due after the debounce; None when one is
    already waiting (the constraint keeps it to one, whatever runs concurrently)."""
    options = options_for(assessment.organisation)
    now = timezone.now()
    try:
        with transaction.atomic():
            export = ReportExport.objects.create(
                organisation=assessment.organisation,
                assessment=assessment,
                requested_by=None,
                automatic=True,
                sections=list(options.sections),
                page_size=options.page_size,
                language=options.language,
                data_version=version,
                heartbeat_at=now,
            )
            jobs.enqueue(
                export,
                task="assessment.report.tasks.refresh_ready_copy",
                run_after=now + debounce(),
            )
    except IntegrityError:
        return None
    return export


def _postpone(export: ReportExport, version: str) -> str:
    export.data_version = version
    export.heartbeat_at = timezone.now()
    export.save(update_fields=["data_version", "heartbeat_at", "updated_at"])
    jobs.enqueue(
        export,
        task="assessment.report.tasks.refresh_ready_copy",
        run_after=timezone.now() + debounce(),
    )
    return "postponed"


def refresh(export: ReportExport) -> str:
    """Render a queued ready copy once its data has been quiet for the debounce (or has
    waited the longest allowed); ``render_export`` re-uses an identical file."""
    if export.status != ExportStatus.QUEUED:
        return "skipped"
    assessment = export.assessment
    if assessment.archived_at is not None:
        export.delete()
        return "archived"
    # Compared before the results are brought up to date: storing them is our own write.
    seen = data_version(assessment)
    if seen != export.data_version and timezone.now() - export.created_at < max_wait():
        return _postpone(export, seen)  # still changing: wait for a quiet moment
    running = ReportExport.objects.filter(
        assessment=assessment, automatic=True, status=ExportStatus.RUNNING
    ).exclude(pk=export.pk)
    if any(not other.is_dead() for other in running):
        return _postpone(export, seen)  # one at a time per assessment
    status = render_export(export).status  # builds it now, or re-uses an identical file
    prune(assessment)
    return status


def prune(assessment: Assessment) -> int:
    """Delete the ready copies older than the newest finished one (and KEEP_PREVIOUS more),
    with their files unless another export shares them."""
    done = list(
        ReportExport.objects.filter(
            assessment=assessment,
            automatic=True,
            status__in=[ExportStatus.DONE, ExportStatus.FAILED],
        ).order_by("-created_at")
    )
    stale = done[1 + KEEP_PREVIOUS :]
    for export in stale:
        name = export.file.name if export.file else ""
        export.delete()
        if name and not ReportExport.objects.filter(file=name).exists():
            export.file.storage.delete(name)
    return len(stale)
