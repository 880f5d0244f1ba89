"""Results at the service/DB level: regenerating keeps edits and dismissals, adds new items,
resolves items whose finding disappeared; finalise freezes; compare; start from previous;
thresholds."""

import pytest

from assessment.models import (
    Answer,
    AssessmentResult,
    AssessmentSnapshot,
    Finding,
    ItemStatus,
    RoadmapItem,
    Tool,
)
from assessment.questionnaire.services import start_from_previous
from assessment.results import inputs, selectors, services
from core.services import ServiceError
from tests.results.helpers import answer, make_assessment, make_inventory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation):
    make_inventory(organisation)
    return make_assessment(organisation)


def item(assessment, key):
    return RoadmapItem.objects.get(assessment=assessment, key=key)


def test_compute_stores_findings_and_roadmap(assessment):
    computed = services.compute_results(assessment)
    keys = set(Finding.objects.filter(assessment=assessment).values_list("key", flat=True))
    assert "underused_tool:%d" % Tool.objects.get(name="MailBlast").pk in keys
    assert "vendor_driven_roadmap" in keys
    assert RoadmapItem.objects.filter(assessment=assessment).count() == len(computed.result.roadmap)
    positions = list(
        RoadmapItem.objects.filter(assessment=assessment)
        .order_by("position")
        .values_list("key", flat=True)
    )
    assert positions == [p.key for p in sorted(computed.result.roadmap, key=lambda p: p.priority)]
    assert AssessmentResult.objects.get(assessment=assessment).input_hash == computed.input_hash


def test_edited_title_survives_regeneration(assessment):
    services.compute_results(assessment)
    edited = services.update_item(
        item=item(assessment, "underused_tool"),
        data={"title": "Cut MailBlast seats", "owner": "Maya"},
    )
    assert set(edited.edited_fields) == {"title", "owner"}
    services.compute_results(assessment)
    again = item(assessment, "underused_tool")
    assert again.title == "Cut MailBlast seats"
    assert again.owner == "Maya"
    assert again.status == ItemStatus.OPEN


def test_dismissed_item_stays_dismissed(assessment):
    services.compute_results(assessment)
    services.dismiss_item(item=item(assessment, "vendor_driven_roadmap"), reason="Board decision")
    services.compute_results(assessment)
    again = item(assessment, "vendor_driven_roadmap")
    assert again.status == ItemStatus.DISMISSED
    assert again.dismiss_reason == "Board decision"


def test_dismiss_needs_a_reason(assessment):
    services.compute_results(assessment)
    with pytest.raises(ServiceError):
        services.dismiss_item(item=item(assessment, "vendor_driven_roadmap"), reason="  ")
    assert item(assessment, "vendor_driven_roadmap").status == ItemStatus.OPEN


def test_moved_item_keeps_its_horizon_and_order(assessment):
    services.compute_results(assessment)
    moved = services.move_item(item=item(assessment, "vendor_driven_roadmap"), horizon="now")
    services.move_item(item=moved, horizon="now", position=0)
    services.compute_results(assessment)
    again = item(assessment, "vendor_driven_roadmap")
    assert again.horizon == "now"
    first_now = (
        RoadmapItem.objects.filter(assessment=assessment, horizon="now")
        .order_by("position")
        .first()
    )
    assert first_now.key == "vendor_driven_roadmap"


def test_new_finding_adds_an_item(assessment, organisation):
    services.compute_results(assessment)
    assert not RoadmapItem.objects.filter(assessment=assessment, key="paid_inactive_tool").exists()
    tool = Tool.objects.get(name="Busy CRM")
    tool.status = "inactive"
    tool.save()
    services.compute_results(assessment)
    created = item(assessment, "paid_inactive_tool")
    assert created.generated and created.status == ItemStatus.OPEN
    assert created.position == RoadmapItem.objects.filter(assessment=assessment).count() - 1


def test_disappearing_finding_resolves_its_item(assessment):
    services.compute_results(assessment)
    services.update_item(item=item(assessment, "underused_tool"), data={"owner": "Maya"})
    tool = Tool.objects.get(name="MailBlast")
    tool.active_users_30d = 19  # fixed: no longer under-used
    tool.save()
    services.compute_results(assessment)
    resolved = item(assessment, "underused_tool")
    assert resolved.status == ItemStatus.RESOLVED
    assert resolved.owner == "Maya"
    assert not Finding.objects.filter(assessment=assessment, rule="underused_tool").exists()


def test_regenerating_rewrites_only_the_findings_that_changed(assessment):
    """A finding that stays keeps its row and id; a new one is added, a gone one deleted,
    and one whose content changed is updated in place — with every field as a full
    rewrite would have left it."""
    services.compute_results(assessment)

    def stored():
        rows = Finding.objects.filter(assessment=assessment).order_by("key")
        return {row.key: row for row in rows}

    before = stored()
    mailblast = Tool.objects.get(name="MailBlast")
    mailblast.active_users_30d = 19  # its under-used finding goes
    mailblast.save()
    busy = Tool.objects.get(name="Busy CRM")
    busy.status = "inactive"  # a new finding comes
    busy.save()
    computed = services.compute_results(assessment)
    after = stored()
    assert {f.key for f in computed.result.findings} == set(after)
    assert "underused_tool:%d" % mailblast.pk in before
    assert "underused_tool:%d" % mailblast.pk not in after
    kept = set(before) & set(after)
    assert kept and {after[k].pk for k in kept} == {before[k].pk for k in kept}
    assert set(after) - set(before)  # the new finding
    for position, finding in enumerate(computed.result.findings):
        row = after[finding.key]
        assert (row.position, row.rule, row.severity, row.title) == (
            position,
            finding.rule,
            finding.severity,
            finding.title.en[:300],
        )


def test_two_requests_storing_the_same_results_write_once(assessment, monkeypatch):
    """ensure_results checks the stored input again under the lock: the second of two
    requests that computed the same change does not write it again."""
    services.ensure_results(assessment)
    answer(assessment, "buyer_needs", 5)
    computed = services.computing.evaluate_assessment(assessment)
    stored = services.computing._stored_hash
    # the other request stores it between this one's check and its lock
    calls = iter([None])
    monkeypatch.setattr(services.computing, "_stored_hash", lambda a: next(calls, stored(a)))
    writes = []
    real_apply = services.computing._apply
    monkeypatch.setattr(
        services.computing, "_apply", lambda *args: writes.append(args) or real_apply(*args)
    )
    real_apply(assessment, computed.result, computed.input_hash)  # (the other request)
    again = services.ensure_results(assessment)
    assert writes == [] and not again.stored


def test_manual_item_is_left_alone(assessment):
    services.compute_results(assessment)
    manual = services.add_item(assessment=assessment, data={"title": "Train the team"})
    services.compute_results(assessment)
    manual.refresh_from_db()
    assert manual.status == ItemStatus.OPEN and not manual.generated


def test_ensure_results_recomputes_only_when_inputs_change(assessment, django_assert_num_queries):
    first = services.ensure_results(assessment)
    assert first.stored
    second = services.ensure_results(assessment)
    assert not second.stored
    answer(assessment, "buyer_needs", 5)
    third = services.ensure_results(assessment)
    assert third.stored and third.input_hash != first.input_hash


def test_finalise_freezes_everything(assessment):
    services.compute_results(assessment)
    services.finalise(assessment=assessment, user=None)
    assessment.refresh_from_db()
    assert assessment.is_final
    snapshot = AssessmentSnapshot.objects.get(assessment=assessment)
    for key in ("input", "answers", "result", "findings", "roadmap"):
        assert key in snapshot.data
    assert "scores" not in snapshot.data  # kept once, inside the engine's result
    before = services.evaluate_assessment(assessment).result.scores.overall
    findings_before = list(Finding.objects.filter(assessment=assessment).values_list("key"))
    # Change answers and the inventory behind its back.
    Answer.objects.filter(assessment=assessment, question_key="buyer_needs").update(value=5)
    Tool.objects.filter(name="MailBlast").update(active_users_30d=20)
    Tool.objects.create(organisation=assessment.organisation, name="New after final")
    fresh = type(assessment).objects.get(pk=assessment.pk)
    assert services.evaluate_assessment(fresh).result.scores.overall == before
    assert not services.ensure_results(fresh).stored
    assert list(Finding.objects.filter(assessment=fresh).values_list("key")) == findings_before
    with pytest.raises(ServiceError):
        services.compute_results(fresh)
    with pytest.raises(ServiceError):
        services.update_item(item=item(fresh, "vendor_driven_roadmap"), data={"title": "x"})
    with pytest.raises(ServiceError):
        services.dismiss_item(item=item(fresh, "vendor_driven_roadmap"), reason="x")
    with pytest.raises(ServiceError):
        services.finalise(assessment=fresh)


def test_final_input_comes_from_the_snapshot(assessment):
    services.finalise(assessment=assessment)
    fresh = type(assessment).objects.get(pk=assessment.pk)
    Tool.objects.all().delete()
    data = inputs.load_input(fresh)
    assert {t.name for t in data.tools} == {"MailBlast", "Busy CRM"}


def test_start_from_previous_copies_answers(assessment, organisation):
    answer(assessment, "buyer_needs", 4)
    Answer.objects.create(
        organisation=organisation, assessment=assessment, question_key="gone", value=1
    )
    new = make_assessment(organisation, title="Next year")
    Answer.objects.filter(assessment=new).delete()
    copied = start_from_previous(assessment=new, previous=assessment)
    keys = set(Answer.objects.filter(assessment=new).values_list("question_key", flat=True))
    assert keys == {"vendor_roadmap", "buyer_needs", "stack_fully_used"}
    assert copied == 3
    assert Answer.objects.get(assessment=new, question_key="buyer_needs").value == 4


def test_compare_against_the_previous_final(assessment, organisation):
    services.finalise(assessment=assessment)
    new = make_assessment(organisation, title="Next year")
    answer(new, "vendor_roadmap", "company")  # fixes vendor_driven_roadmap
    tool = Tool.objects.get(name="Busy CRM")
    tool.status = "inactive"  # a new finding
    tool.save()
    computed = services.compute_results(new)
    previous = selectors.previous_final(new)
    assert previous == assessment
    comparison = selectors.compare(new, computed, previous)
    resolved = {f["key"] for f in comparison.resolved}
    new_keys = {f["key"] for f in comparison.new}
    assert "vendor_driven_roadmap" in resolved
    assert any(k.startswith("paid_inactive_tool") for k in new_keys)
    stack = next(s for s in comparison.steps if s["key"] == "stack")
    assert stack["delta"] is not None and stack["delta"] > 0


def test_compare_reads_the_scores_of_the_snapshot(assessment, organisation):
    """The previous final's scores come from the engine's result in its snapshot; a snapshot
    of version 2 (scores also kept apart, as "scores") reads the same numbers, and one
    without a result (version 1) reads its "scores"."""
    services.finalise(assessment=assessment)
    frozen = inputs.frozen_result(type(assessment).objects.get(pk=assessment.pk)).scores
    new = make_assessment(organisation, title="Next year")
    computed = services.compute_results(new)

    def before(previous):
        comparison = selectors.compare(new, computed, previous)
        return comparison.overall, {s["key"]: s["before"] for s in comparison.steps}

    from assessment.results_core import display

    expected = (
        display(frozen.overall),
        {s.key: display(s.score) for s in frozen.steps},
    )
    assert before(type(assessment).objects.get(pk=assessment.pk)) == expected
    snapshot = AssessmentSnapshot.objects.get(assessment=assessment)
    old_scores = {
        "overall": frozen.overall,
        "steps": [{"key": s.key, "score": s.score} for s in frozen.steps],
    }
    snapshot.data = {**snapshot.data, "version": 2, "scores": old_scores}
    snapshot.save()
    assert before(type(assessment).objects.get(pk=assessment.pk)) == expected
    data = {k: v for k, v in snapshot.data.items() if k != "result"}
    AssessmentSnapshot.objects.filter(pk=snapshot.pk).update(data={**data, "version": 1})
    assert before(type(assessment).objects.get(pk=assessment.pk)) == expected


def test_thresholds_change_the_findings(assessment, organisation):
    services.compute_results(assessment)
    underused = Finding.objects.filter(assessment=assessment, rule="underused_tool").count()
    services.save_thresholds(organisation=organisation, data={"underused_utilisation": 0.95})
    services.compute_results(assessment)
    assert Finding.objects.filter(assessment=assessment, rule="underused_tool").count() > underused


def test_invalid_thresholds_are_refused(organisation):
    with pytest.raises(Exception) as error:
        services.save_thresholds(organisation=organisation, data={"underused_utilisation": 3})
    assert "underused_utilisation" in str(error.value)


def test_facts_adapter_query_count_is_constant(organisation, django_assert_num_queries):
    make_inventory(organisation, extra_tools=5)
    small = make_assessment(organisation)
    small.refresh_from_db()
    small.framework  # noqa: B018  (parse the framework outside the count)
    # seven, and one asking whether a website scan has finished (docs/discovery.md)
    with django_assert_num_queries(8):
        inputs.live_input(small)
    Tool.objects.bulk_create(
        [Tool(organisation=organisation, name=f"More {n}") for n in range(200)]
    )
    with django_assert_num_queries(8):
        data = inputs.live_input(small)
    assert len(data.tools) == 207
    # once one has: its discoveries and the tools' catalogue entries, two more
    from assessment.models import ScanStatus, SiteScan

    SiteScan.objects.create(organisation=organisation, status=ScanStatus.DONE, urls=[])
    with django_assert_num_queries(10):
        data = inputs.live_input(small)
    assert data.website.scanned
