"""Reads about report exports: what to tell the person waiting for one (docs/tasks.md)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessment.models import ExportStatus, ReportExport
from assessment.report.exports import REPORT_WORKER_LOST
from core.selectors import worker_is_alive


@dataclass(frozen=True)
class ExportState:
    code: str  # queued | waiting_for_worker | running | stalled | done | failed
    message: str  # plain words in the active language


def export_state(export: ReportExport, *, worker_alive: bool | None = None) -> ExportState:
    """The export's state as a person should read it. A queued export with no live worker
    is *waiting for the background worker*; a running one whose lease ran out is *stalled*
    (the worker's sweep retries or fails it). Asks about the worker only when it matters."""
    if export.status == ExportStatus.DONE:
        return ExportState("done", _("Your PDF is ready."))
    if export.status == ExportStatus.FAILED:
        # The stored error is English; the known ones are shown translated.
        if export.error == REPORT_WORKER_LOST:
            return ExportState("failed", _(REPORT_WORKER_LOST))
        return ExportState(
            "failed",
            _(
                "The report could not be rendered. Nothing was lost; try again, and tell "
                "your administrator if it keeps failing."
            ),
        )
    if export.is_dead():
        return ExportState("stalled", _(REPORT_WORKER_LOST))
    if export.status == ExportStatus.RUNNING:  # its lease is fresh: something renders it
        return ExportState("running", _("Rendering in the background."))
    if worker_alive is None:
        worker_alive = worker_is_alive()
    if not worker_alive:
        return ExportState(
            "waiting_for_worker",
            _(
                "Waiting for the background worker — none is running. An administrator "
                "must start it (see docs/deployment.md)."
            ),
        )
    return ExportState("queued", _("Queued: the background worker will start it shortly."))
