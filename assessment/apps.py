from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = _("Assessments and inventories")

    def ready(self):
        from assessment.comments import rules as comment_rules  # noqa: F401
        from assessment.models.discovery import SCAN_WORKER_LOST
        from assessment.models.imports import IMPORT_WORKER_LOST
        from assessment.questionnaire import rules  # noqa: F401  (registers object rules)
        from assessment.report.exports import REPORT_WORKER_LOST
        from assessment.results import rules as result_rules  # noqa: F401
        from core import jobs, services
        from core.api.routes import ROUTE_REGISTRARS

        hook = "assessment.inventory.services.seed_taxonomy"
        if hook not in services.ORGANISATION_CREATED_HOOKS:
            services.ORGANISATION_CREATED_HOOKS.append(hook)
        jobs.register_job_kind(
            model="assessment.ReportExport",
            task="assessment.report.tasks.render_report",
            lost_message=REPORT_WORKER_LOST,
        )
        jobs.register_job_kind(
            model="assessment.ImportJob",
            task="assessment.inventory.tasks.run_import_commit",
            lost_message=IMPORT_WORKER_LOST,
        )
        jobs.register_job_kind(
            model="assessment.SiteScan",
            task="assessment.scans.tasks.run_site_scan",
            lost_message=SCAN_WORKER_LOST,
        )
        from assessment.history import register as register_history
        from core import render_cache

        register_history()

        jobs.register_periodic(
            "assessment.report.ready.refresh_due", every=settings.REPORT_READY_CHECK_SECONDS
        )

        render_cache.register_version("home", "assessment.results.selectors.home_version")
        registrar = "assessment.api.routes.register"
        if registrar not in ROUTE_REGISTRARS:
            ROUTE_REGISTRARS.append(registrar)
