"""Scores, findings, the roadmap and report exports through the API: the same services as
the pages (edits survive a regenerate, a dismissal needs a reason, a final assessment is
read-only), reorder all or nothing, the export flow down to a real PDF, query counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import ExportStatus, ItemStatus, ReportExport, RoadmapItem
from assessment.results import services as results
from core.testing.api import api_client_for
from core.testing.factories import OrganisationFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return api_client_for("editor")


@pytest.fixture
def assessment(editor):
    _client, membership = editor
    make_inventory(membership.organisation)
    return make_assessment(membership.organisation, title="Board review 2026")


def roadmap_url(assessment, *args, name="list"):
    return reverse(f"api-roadmapitem-{name}", args=[assessment.pk, *args])


def item_url(item, name="detail"):
    return reverse(f"api-roadmapitem-{name}", args=[item.assessment_id, item.pk])


def generated_items(client, assessment):
    response = client.get(roadmap_url(assessment))
    assert response.status_code == 200, response.content
    return [row for row in response.json()["results"] if row["generated"]]


# --- scores and findings ---------------------------------------------------------------


def test_scores_summarise_overall_and_every_step(editor, assessment):
    client, _membership = editor
    response = client.get(reverse("api-assessment-scores", args=[assessment.pk]))
    assert response.status_code == 200, response.content
    body = response.json()
    keys = [step["key"] for step in body["steps"]]
    assert keys == [s.key for s in assessment.framework.steps]
    step = body["steps"][0]
    assert {"score", "questionnaire", "metrics", "completeness", "target", "gap", "level"} <= set(
        step
    )
    assert step["target"] == 70
    assert body["completeness"]["done"] >= 3
    assert {m["key"] for m in body["metrics"]} >= {"seat_utilisation"}


def test_findings_are_listed_filtered_and_found_by_key(editor, assessment):
    client, _membership = editor
    url = reverse("api-finding-list", args=[assessment.pk])
    rows = client.get(url).json()["results"]
    assert rows, "the inventory fires findings"
    underused = [r for r in rows if r["rule"] == "underused_tool"]
    assert underused
    filtered = client.get(url, {"rule": "underused_tool"}).json()["results"]
    assert [r["key"] for r in filtered] == [r["key"] for r in underused]
    severity = rows[0]["severity"]
    by_severity = client.get(url, {"severity": severity}).json()["results"]
    assert by_severity and all(r["severity"] == severity for r in by_severity)
    assert client.get(url, {"severity": "nope"}).status_code == 400
    detail = client.get(reverse("api-finding-detail", args=[assessment.pk, underused[0]["key"]]))
    assert detail.status_code == 200 and detail.json()["rule"] == "underused_tool"
    missing = client.get(reverse("api-finding-detail", args=[assessment.pk, "nope:1"]))
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404


# --- roadmap --------------------------------------------------------------------------


def test_edits_through_the_api_survive_a_regenerate(editor, assessment):
    client, _membership = editor
    row = generated_items(client, assessment)[0]
    response = client.patch(
        roadmap_url(assessment, row["id"], name="detail"),
        {"title": "Our own title", "owner": "CRM team", "horizon": "later"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert set(response.json()["edited_fields"]) == {"title", "owner", "horizon"}
    regenerated = client.post(reverse("api-assessment-regenerate", args=[assessment.pk]))
    assert regenerated.status_code == 200, regenerated.content
    assert regenerated.json()["roadmap_items"] >= 1
    item = client.get(roadmap_url(assessment, row["id"], name="detail")).json()
    assert (item["title"], item["owner"], item["horizon"]) == ("Our own title", "CRM team", "later")


def test_add_item_by_hand_and_filter_the_list(editor, assessment):
    client, _membership = editor
    response = client.post(
        roadmap_url(assessment),
        {"title": "Train the team", "step": "stack", "horizon": "now", "owner": "Ops"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["generated"] is False and body["key"].startswith("manual:")
    listed = client.get(roadmap_url(assessment), {"rule": "manual"}).json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]
    owners = client.get(roadmap_url(assessment), {"owner": "op"}).json()["results"]
    assert [r["id"] for r in owners] == [body["id"]]
    assert client.get(roadmap_url(assessment), {"horizon": "sometime"}).status_code == 400
    blank = client.post(roadmap_url(assessment), {"title": "  "}, format="json")
    assert blank.status_code == 400 and "title" in blank.json()["error"]["fields"]
    step_change = client.patch(
        roadmap_url(assessment, body["id"], name="detail"), {"step": "data"}, format="json"
    )
    assert step_change.status_code == 400


def test_list_is_ordered_by_horizon_then_position(editor, assessment):
    client, _membership = editor
    for title, horizon in (("L", "later"), ("N", "now"), ("X", "next")):
        client.post(roadmap_url(assessment), {"title": title, "horizon": horizon}, format="json")
    rows = client.get(roadmap_url(assessment), {"per_page": 200}).json()["results"]
    order = {"now": 0, "next": 1, "later": 2}
    keys = [(order[r["horizon"]], r["position"]) for r in rows]
    assert keys == sorted(keys)


def test_dismiss_needs_a_reason_then_reopen_and_accept(editor, assessment):
    client, _membership = editor
    row = generated_items(client, assessment)[0]
    url = roadmap_url(assessment, row["id"], name="dismiss")
    for body in ({}, {"reason": "   "}):
        response = client.post(url, body, format="json")
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["status"] == 400 and "reason" in error["fields"]
    assert RoadmapItem.objects.get(pk=row["id"]).status == ItemStatus.OPEN
    dismissed = client.post(url, {"reason": "Out of scope this year"}, format="json").json()
    assert dismissed["status"] == "dismissed"
    assert dismissed["dismiss_reason"] == "Out of scope this year"
    client.post(reverse("api-assessment-regenerate", args=[assessment.pk]))
    assert RoadmapItem.objects.get(pk=row["id"]).status == ItemStatus.DISMISSED
    reopened = client.post(roadmap_url(assessment, row["id"], name="reopen")).json()
    assert reopened["status"] == "open" and reopened["dismiss_reason"] == ""
    accepted = client.post(roadmap_url(assessment, row["id"], name="accept")).json()
    assert accepted["status"] == "accepted"


def test_move_to_another_column_and_to_the_top(editor, assessment):
    client, _membership = editor
    a = results.add_item(assessment=assessment, data={"title": "A", "horizon": "now"})
    b = results.add_item(assessment=assessment, data={"title": "B", "horizon": "now"})
    c = results.add_item(assessment=assessment, data={"title": "C", "horizon": "later"})
    response = client.post(item_url(c, "move"), {"horizon": "now", "position": 0}, format="json")
    assert response.status_code == 200, response.content
    assert "horizon" in response.json()["edited_fields"]
    now = client.get(roadmap_url(assessment), {"horizon": "now", "rule": "manual"}).json()
    assert [r["id"] for r in now["results"]] == [c.pk, a.pk, b.pk]
    client.post(item_url(b, "move"), {"direction": "up"}, format="json")
    now = client.get(roadmap_url(assessment), {"horizon": "now", "rule": "manual"}).json()
    assert [r["id"] for r in now["results"]] == [c.pk, b.pk, a.pk]
    bad = client.post(item_url(b, "move"), {"horizon": "soon"}, format="json")
    assert bad.status_code == 400 and "horizon" in bad.json()["error"]["fields"]


def test_reorder_sets_whole_columns(editor, assessment):
    client, _membership = editor
    a, b, c = (
        results.add_item(assessment=assessment, data={"title": t, "horizon": "now"}) for t in "ABC"
    )
    response = client.post(
        roadmap_url(assessment, name="reorder"),
        {"now": [c.pk, a.pk], "later": [b.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    manual = [r for r in response.json() if not r["generated"]]
    assert [(r["id"], r["horizon"]) for r in manual] == [
        (c.pk, "now"),
        (a.pk, "now"),
        (b.pk, "later"),
    ]
    assert "horizon" in RoadmapItem.objects.get(pk=b.pk).edited_fields
    assert "horizon" not in RoadmapItem.objects.get(pk=a.pk).edited_fields


def test_reorder_with_one_bad_id_changes_nothing_and_names_it(editor, assessment):
    client, membership = editor
    a, b = (
        results.add_item(assessment=assessment, data={"title": t, "horizon": "now"}) for t in "AB"
    )
    other = make_assessment(membership.organisation, title="Other")
    foreign = results.add_item(assessment=other, data={"title": "Elsewhere"})
    before = list(RoadmapItem.objects.order_by("pk").values_list("pk", "horizon", "position"))
    response = client.post(
        roadmap_url(assessment, name="reorder"),
        {"now": [b.pk], "later": [a.pk, foreign.pk]},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["later[1]"]
    assert str(foreign.pk) in error["fields"]["later[1]"][0]
    twice = client.post(
        roadmap_url(assessment, name="reorder"), {"now": [a.pk, b.pk, a.pk]}, format="json"
    )
    assert list(twice.json()["error"]["fields"]) == ["now[2]"]
    after = list(RoadmapItem.objects.order_by("pk").values_list("pk", "horizon", "position"))
    assert after == before


def test_every_write_on_a_final_assessment_is_403(editor, assessment):
    client, _membership = editor
    item = results.add_item(assessment=assessment, data={"title": "Before final"})
    results.finalise(assessment=assessment)
    writes = [
        ("post", roadmap_url(assessment), {"title": "New"}),
        ("patch", item_url(item), {"owner": "Me"}),
        ("post", item_url(item, "accept"), None),
        ("post", item_url(item, "dismiss"), {"reason": "No"}),
        ("post", item_url(item, "reopen"), None),
        ("post", item_url(item, "move"), {"horizon": "now"}),
        ("post", roadmap_url(assessment, name="reorder"), {"now": [item.pk]}),
        ("post", reverse("api-assessment-regenerate", args=[assessment.pk]), None),
    ]
    for method, url, body in writes:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, (url, response.content)
        assert response.json()["error"]["status"] == 403
    assert client.get(roadmap_url(assessment)).status_code == 200
    assert client.get(reverse("api-assessment-scores", args=[assessment.pk])).status_code == 200
    item.refresh_from_db()
    assert item.owner == "" and item.status == ItemStatus.OPEN


def test_other_organisations_roadmap_and_findings_are_404(assessment):
    client, _membership = api_client_for("owner", OrganisationFactory())
    for url in (
        roadmap_url(assessment),
        roadmap_url(assessment, name="reorder"),
        reverse("api-finding-list", args=[assessment.pk]),
        reverse("api-assessment-scores", args=[assessment.pk]),
    ):
        method = client.post if url.endswith("reorder/") else client.get
        response = method(url, {"now": []}, format="json")
        assert response.status_code == 404, url
        assert response.json()["error"]["status"] == 404


def test_roadmap_list_query_count_does_not_grow_with_items(editor, assessment):
    client, _membership = editor
    url = roadmap_url(assessment)
    client.get(url)  # results computed, token last use written
    counts = []
    made = 0
    for total in (5, 50):
        for n in range(total - made):
            results.add_item(assessment=assessment, data={"title": f"Item {made + n}"})
        made = total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"per_page": 200, "rule": "manual"})
        assert response.json()["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- report exports -------------------------------------------------------------------


def test_report_export_flow_create_poll_download(assessment):
    client, _membership = api_client_for("viewer", assessment.organisation)
    response = client.post(
        reverse("api-assessment-report-exports", args=[assessment.pk]),
        {"sections": ["roadmap", "summary"], "page_size": "Letter"},
        format="json",
    )
    assert response.status_code == 201, response.content
    export = response.json()
    assert export["status"] == "done" and export["progress"] == 100
    assert export["sections"] == ["summary", "roadmap"]
    polled = client.get(export["url"]).json()
    assert polled["id"] == export["id"] and polled["download_url"]
    listed = client.get(
        reverse("api-reportexport-list"), {"assessment": assessment.pk, "status": "done"}
    ).json()["results"]
    assert [row["id"] for row in listed] == [export["id"]]
    download = client.get(export["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == export["pages"] >= 2
    assert "Board review 2026" in reader.pages[0].extract_text()
    assert float(reader.pages[0].mediabox.width) == pytest.approx(612, abs=1)


def test_identical_export_is_served_from_the_cache(editor, assessment):
    client, _membership = editor
    url = reverse("api-assessment-report-exports", args=[assessment.pk])
    first = client.post(url, {"sections": ["summary"]}, format="json")
    second = client.post(url, {"sections": ["summary"]}, format="json")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["status"] == "done"
    other = client.post(url, {"sections": ["summary"], "page_size": "Letter"}, format="json")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert ReportExport.objects.count() == 2


def test_invalid_export_options_are_400(editor, assessment):
    client, _membership = editor
    url = reverse("api-assessment-report-exports", args=[assessment.pk])
    for body in ({"sections": ["nope"]}, {"sections": []}, {"page_size": "A3"}):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["error"]["fields"]
    assert not ReportExport.objects.exists()


def test_download_before_ready_or_after_failure_is_409(editor, assessment):
    client, _membership = editor
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    url = reverse("api-reportexport-download", args=[export.pk])
    response = client.get(url)
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert (
        client.get(reverse("api-reportexport-detail", args=[export.pk])).json()["download_url"]
        is None
    )
    export.status = ExportStatus.FAILED
    export.save()
    assert client.get(url).status_code == 409


def test_large_inventory_export_is_queued_then_polled(
    editor, assessment, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_SYNC_MAX_TOOLS = 0
    client, _membership = editor
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("api-assessment-report-exports", args=[assessment.pk]),
            {"sections": ["summary"]},
            format="json",
        )
    assert response.status_code == 201
    export = response.json()
    assert export["status"] == "queued" and export["download_url"] is None
    assert client.get(reverse("api-reportexport-download", args=[export["id"]])).status_code == 409
    for callback in callbacks:
        callback()
    polled = client.get(export["url"]).json()
    assert polled["status"] == "done" and polled["download_url"]


def test_other_organisations_exports_are_404(assessment):
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    client, _membership = api_client_for("owner", OrganisationFactory())
    for name in ("detail", "download"):
        response = client.get(reverse(f"api-reportexport-{name}", args=[export.pk]))
        assert response.status_code == 404
    assert client.get(reverse("api-reportexport-list")).json()["count"] == 0
    filtered = client.get(reverse("api-reportexport-list"), {"assessment": assessment.pk})
    assert filtered.status_code == 200 and filtered.json()["count"] == 0
    response = client.post(reverse("api-assessment-report-exports", args=[assessment.pk]), {})
    assert response.status_code == 404
