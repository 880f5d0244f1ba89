"""Background rendering of large reports (Django's Tasks framework; `manage.py db_worker`)."""

from django.tasks import task

from assessment.models import ExportStatus, ReportExport
from assessment.report import ready
from assessment.report.exports import render_export


@task()
def render_report(export_id: int) -> str:
    export = ReportExport.objects.select_related("assessment").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return "skipped"  # done, failed, or taken by another worker: nothing to do
    export = render_export(export)
    if export.status == ExportStatus.DONE and export.requested_by_id and not export.automatic:
        from core.notifications.services import notify

        notify(  # the person who asked hears it is ready (issue 16), once per export
            organisation=export.organisation,
            recipients=[export.requested_by],
            kind="report_ready",
            key=f"report:{export.pk}",
            params={"assessment": export.assessment.title},
            url=export.get_absolute_url(),
        )
    return export.status


@task()
def refresh_ready_copy(export_id: int) -> str:
    """Render an assessment's ready copy once its data is quiet (``report.ready``)."""
    export = ReportExport.objects.select_related("assessment__organisation").filter(pk=export_id)
    export = export.filter(automatic=True).first()
    if export is None:
        return "skipped"
    return ready.refresh(export)
