"""Background imports (Django's Tasks framework; `manage.py run_worker`)."""

from django.tasks import task

from assessment.inventory.imports.running import run_job
from assessment.models import ImportJob
from core import jobs
from core.history.context import attributed
from core.models import HistorySource


@task()
def run_import_commit(job_id: int) -> str:
    """Run one import job (a commit, the API's dry run, or reading a large upload for its
    preview); the outcome is on the job."""
    job = ImportJob.objects.select_related("organisation", "user").filter(pk=job_id).first()
    if job is None or not jobs.claim(job):
        return "skipped"  # done, failed, or taken by another worker: nothing to do
    # The change history names who started the import: the person, and the API token
    # when an API call queued it (core.history), as the request would have.
    with attributed(
        actor=job.user,
        source=HistorySource.IMPORT,
        token_id=job.api_token_id,
        parent_id=None,
    ):
        return run_job(job).status
