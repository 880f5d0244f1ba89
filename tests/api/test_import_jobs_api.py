"""The API's large imports (issue 13, item 1): above IMPORT_SYNC_MAX_ROWS a 202 with the
job to poll (`Location`, `status_url`); smaller files stay synchronous."""

import io
import json

import pytest
from django.urls import reverse

from assessment.inventory.services import seed_taxonomy
from assessment.models import ImportJob, ImportJobStatus, ImportPreview, Tool
from core.testing.api import api_client_for

pytestmark = pytest.mark.django_db

TOOLS = "Tool,Vendor,Licensed seats\nSalesforce,Salesforce,50\nMailchimp,Intuit,5\nGA4,Google,0\n"


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor():
    client, membership = api_client_for("editor")
    seed_taxonomy(organisation=membership.organisation)
    return client, membership


def post_file(client, text, query="", **fields):
    upload = io.BytesIO(text.encode())
    upload.name = "tools.csv"
    for key in ("columns", "values"):
        if key in fields:
            fields[key] = json.dumps(fields[key])
    return client.post(
        reverse("api-tool-import") + query, {"file": upload, **fields}, format="multipart"
    )


def test_a_large_upload_is_accepted_and_polled_to_done(editor, django_capture_on_commit_callbacks):
    client, membership = editor
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_file(client, TOOLS)
    assert response.status_code == 202, response.content[:2000]
    body = response.json()
    assert response["Location"] == body["status_url"]
    assert body["status"] == "queued" and body["counts"] is None and body["row_count"] == 3
    assert body["dry_run"] is False and Tool.objects.count() == 0
    assert client.get(body["status_url"]).json()["status"] == "queued"
    for callback in callbacks:
        callback()
    polled = client.get(body["status_url"])
    assert polled.status_code == 200
    job = polled.json()
    assert job["status"] == "done" and job["progress"] == 100
    assert job["counts"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert Tool.objects.for_organisation(membership.organisation).count() == 3
    assert not ImportPreview.objects.filter(token=ImportJob.objects.get().token).exists()


def test_large_json_rows_are_accepted_too(editor, django_capture_on_commit_callbacks):
    client, _membership = editor
    rows = [{"Tool": name} for name in ("A", "B", "C")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api-tool-import"), {"rows": rows}, format="json")
    assert response.status_code == 202
    assert client.get(response["Location"]).json()["counts"]["created"] == 3


def test_a_large_dry_run_is_a_job_that_writes_nothing(editor, django_capture_on_commit_callbacks):
    client, _membership = editor
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, TOOLS, query="?dry_run=1")
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert job["dry_run"] is True and job["status"] == "done"
    assert job["counts"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert Tool.objects.count() == 0


def test_row_problems_come_back_on_the_failed_job(editor, django_capture_on_commit_callbacks):
    client, _membership = editor
    text = TOOLS + "Canva,Canva,lots\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, "Tool,Status\nA,Active\nB,Under Review\nC,Active\n")
        bad = post_file(client, text)
    job = client.get(response["Location"]).json()
    assert job["status"] == "failed" and "nothing was imported" in job["error"]
    assert job["unresolved"][0]["value"] == "Under Review"
    job = client.get(bad["Location"]).json()
    assert job["status"] == "failed"
    assert job["row_errors"][0]["row"] == 5 and job["row_errors"][0]["field"] == "licensed_seats"
    assert Tool.objects.count() == 0


def test_a_small_import_stays_synchronous(editor, settings):
    settings.IMPORT_SYNC_MAX_ROWS = 3
    client, _membership = editor
    response = post_file(client, TOOLS)
    assert response.status_code == 200 and response.json()["created"] == 3
    assert not ImportJob.objects.exists()


def test_another_organisations_job_is_404_and_a_viewer_403(
    editor, django_capture_on_commit_callbacks
):
    client, _membership = editor
    with django_capture_on_commit_callbacks(execute=True):
        url = post_file(client, TOOLS)["Location"]
    stranger, _other = api_client_for("owner")
    assert stranger.get(url).status_code == 404
    viewer, _viewer = api_client_for("viewer", _membership.organisation)
    assert viewer.get(url).status_code == 403
    reviewer, _reviewer = api_client_for("reviewer", _membership.organisation)
    assert reviewer.get(url).status_code == 403  # a tool import: the editors'
    assert reviewer.get(reverse("api-importjob-list")).json()["results"] == []
    colleague, _colleague = api_client_for("editor", _membership.organisation)
    assert colleague.get(url).json()["status"] == ImportJobStatus.DONE


def test_the_job_is_in_the_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/import-jobs/{id}/" in schema["paths"]
    responses = schema["paths"]["/api/v1/tools/import/"]["post"]["responses"]
    assert "202" in responses


def test_a_queued_api_import_is_in_the_history_under_its_token(
    editor, django_capture_on_commit_callbacks
):
    """The worker writes the rows later, outside the request: the history still names the
    API token (and its owner) that queued them, as a synchronous import would."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import ApiToken, HistoryEntry

    client, membership = editor
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_file(client, TOOLS)
    assert response.status_code == 202
    token = ApiToken.objects.get(user=membership.user)
    assert ImportJob.objects.get().api_token == token
    for callback in callbacks:
        callback()
    tools = ContentType.objects.get_for_model(Tool)
    group = HistoryEntry.objects.get(content_type=tools, object_id=None)
    rows = HistoryEntry.objects.filter(parent=group)
    assert rows.count() == 3
    for entry in (group, *rows):
        assert (entry.actor, entry.token, entry.source) == (membership.user, token, "import")
