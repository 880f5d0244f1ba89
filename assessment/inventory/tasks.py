"""Background imports (Django's Tasks framework; `manage.py db_worker`)."""

from django.tasks import task

from assessment.inventory.imports.running import run_job
from assessment.models import ImportJob, JobStatus


@task()
def run_import_commit(job_id: int) -> str:
    """Run one import job (a commit, or the API's dry run); the outcome is on the job."""
    job = ImportJob.objects.select_related("organisation", "user").filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return "skipped"
    return run_job(job).status
