"""Report pages: choose sections and paper, get the PDF (now, or when the worker is done)."""

from assessment.report.views.exports import ReportExportDetailView, ReportExportDownloadView
from assessment.report.views.reports import AssessmentReportView, ReportListView

__all__ = [
    "AssessmentReportView",
    "ReportExportDetailView",
    "ReportExportDownloadView",
    "ReportListView",
]
