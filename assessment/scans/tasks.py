"""Website scans in the task worker (Django's Tasks framework; `manage.py run_worker`)."""

from django.tasks import task

from assessment.models import SiteScan
from assessment.scans import services
from core import jobs


@task()
def run_site_scan(scan_id: int) -> str:
    """Run one website scan; the outcome is on the scan."""
    scan = SiteScan.objects.select_related("organisation").filter(pk=scan_id).first()
    if scan is None or not jobs.claim(scan):
        return "skipped"  # done, failed, or taken by another worker: nothing to do
    return services.run_scan(scan).status
