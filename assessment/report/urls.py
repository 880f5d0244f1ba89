from django.urls import path

from assessment.report import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path(
        "assessments/<int:pk>/report/",
        views.AssessmentReportView.as_view(),
        name="assessment_report",
    ),
    path(
        "reports/exports/<int:pk>/",
        views.ReportExportDetailView.as_view(),
        name="reportexport_detail",
    ),
    path(
        "reports/exports/<int:pk>/download/",
        views.ReportExportDownloadView.as_view(),
        name="reportexport_download",
    ),
]
