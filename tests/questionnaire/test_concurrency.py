"""Two people save the same question at once: exactly one wins, the other gets a conflict.

Needs PostgreSQL (real row locks and READ COMMITTED re-evaluation): two threads, each with
its own database connection, hold their transactions open so the saves really overlap.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from assessment.models import Answer
from assessment.questionnaire import services
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.postgres


def _race(assessment, users, values, base_version):
    barrier = threading.Barrier(len(users))
    results: dict[str, object] = {}

    def work(user, value):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                answer = services.save_answer(
                    assessment=assessment,
                    question_key="buyer_needs",
                    raw_value=value,
                    base_version=base_version,
                    user=user,
                )
                time.sleep(0.3)  # keep the transaction (and its row lock) open
            results[user.email] = answer.value
        except services.AnswerConflict as conflict:
            results[user.email] = conflict
        except Exception as error:  # pragma: no cover - reported below
            results[user.email] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in zip(users, values, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("existing", [False, True], ids=["first-insert", "update"])
def test_concurrent_saves_on_the_same_version(postgres_only, existing):
    assessment = AssessmentFactory()
    users = [MembershipFactory(organisation=assessment.organisation).user for _ in range(2)]
    base = 0
    if existing:
        starter = MembershipFactory(organisation=assessment.organisation).user
        base = services.save_answer(
            assessment=assessment,
            question_key="buyer_needs",
            raw_value="1",
            base_version=0,
            user=starter,
        ).version
    results = _race(assessment, users, ["2", "5"], base)
    conflicts = [r for r in results.values() if isinstance(r, services.AnswerConflict)]
    wins = [r for r in results.values() if isinstance(r, int)]
    assert len(results) == 2, results
    assert len(wins) == 1 and len(conflicts) == 1, results
    stored = Answer.objects.get(assessment=assessment, question_key="buyer_needs")
    assert stored.value == wins[0]
    assert stored.version == base + 1
    # The loser is shown the winner's answer.
    assert conflicts[0].current.value == wins[0]


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as error:
            results[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _snapshot_answer(assessment, key):
    from assessment.models import AssessmentSnapshot

    data = AssessmentSnapshot.objects.get(assessment=assessment).data
    return data["answers"].get(key, {})


@pytest.mark.parametrize("field", ["value", "note"])
def test_a_save_while_finalising_is_refused_not_left_out_of_the_snapshot(postgres_only, field):
    """Finalising holds the assessment; a save that starts meanwhile waits, then is refused
    (without the lock it lands after the snapshot: stored, but not in the final report)."""
    from assessment.results import services as results_services

    assessment = AssessmentFactory()
    editor = MembershipFactory(organisation=assessment.organisation, role="editor").user
    base = services.save_answer(
        assessment=assessment,
        question_key="buyer_needs",
        raw_value="2",
        base_version=0,
        user=editor,
    )
    finalised = threading.Event()
    results: dict[str, object] = {}

    def finalise():
        with transaction.atomic():
            results_services.finalise(assessment=assessment, user=editor)
            finalised.set()
            time.sleep(0.5)  # the snapshot is written; commit a little later

    def save():
        finalised.wait(timeout=20)
        with transaction.atomic():
            if field == "value":
                return services.save_answer(
                    assessment=assessment,
                    question_key="buyer_needs",
                    raw_value="5",
                    base_version=base.version,
                    user=editor,
                )
            return services.save_note(
                assessment=assessment,
                question_key="buyer_needs",
                note="Late note",
                base_version=base.note_version,
                user=editor,
            )

    threads = [_in_thread(finalise, results, "finalise"), _in_thread(save, results, "save")]
    for thread in threads:
        thread.join(timeout=30)
    assert not isinstance(results.get("finalise"), Exception), results
    assert isinstance(results.get("save"), services.ServiceError), results
    stored = Answer.objects.get(assessment=assessment, question_key="buyer_needs")
    assert (stored.value, stored.note) == (2, "")
    snapshot = _snapshot_answer(assessment, "buyer_needs")
    assert (snapshot["value"], snapshot["note"]) == (stored.value, stored.note)


def test_finalising_while_a_save_is_open_waits_and_includes_it(postgres_only):
    """A save in progress holds the assessment: finalising waits for it and freezes it."""
    from assessment.results import services as results_services

    assessment = AssessmentFactory()
    editor = MembershipFactory(organisation=assessment.organisation, role="editor").user
    base = services.save_answer(
        assessment=assessment,
        question_key="buyer_needs",
        raw_value="2",
        base_version=0,
        user=editor,
    )
    saved = threading.Event()
    results: dict[str, object] = {}

    def save():
        with transaction.atomic():
            answer = services.save_answer(
                assessment=assessment,
                question_key="buyer_needs",
                raw_value="5",
                base_version=base.version,
                user=editor,
            )
            saved.set()
            time.sleep(0.5)  # commit a little later
        return answer

    def finalise():
        saved.wait(timeout=20)
        return results_services.finalise(assessment=assessment, user=editor)

    threads = [_in_thread(save, results, "save"), _in_thread(finalise, results, "finalise")]
    for thread in threads:
        thread.join(timeout=30)
    assert not any(isinstance(r, Exception) for r in results.values()), results
    stored = Answer.objects.get(assessment=assessment, question_key="buyer_needs")
    assert stored.value == 5
    assert _snapshot_answer(assessment, "buyer_needs")["value"] == 5


def test_an_api_bulk_save_while_finalising_is_the_documented_403(postgres_only, monkeypatch):
    """The bulk endpoint checks the status up front (draft: finalising has not committed),
    then waits for the assessment's lock in the write and sees it final: the documented
    403, never a 400, and nothing is saved. Finalising commits only once the request has
    passed its up-front checks, so the race is the same every run."""
    from django.urls import reverse

    from assessment.results import services as results_services
    from core.testing.api import api_client_for

    client, membership = api_client_for("editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    finalised, checked = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    check = services.check_answer_rows

    def check_then_signal(**kwargs):
        problems = check(**kwargs)
        checked.set()  # the request saw "draft" and validated its rows
        return problems

    monkeypatch.setattr(services, "check_answer_rows", check_then_signal)

    def finalise():
        with transaction.atomic():
            results_services.finalise(assessment=assessment, user=membership.user)
            finalised.set()
            assert checked.wait(timeout=20)
            time.sleep(0.3)  # the request now waits for the assessment's lock

    def bulk():
        finalised.wait(timeout=20)
        rows = [{"question_key": "buyer_needs", "value": 3, "base_version": 0}]
        url = reverse("api-answer-bulk", args=[assessment.pk])
        return client.post(url, rows, format="json")

    threads = [_in_thread(finalise, results, "finalise"), _in_thread(bulk, results, "bulk")]
    for thread in threads:
        thread.join(timeout=30)
    assert not isinstance(results.get("finalise"), Exception), results
    response = results["bulk"]
    assert response.status_code == 403, response.content
    assert response.json()["error"] == {
        "status": 403,
        "code": "permission_denied",
        "message": "This assessment is final and cannot be changed.",
    }
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_saves_of_two_questions_do_not_wait_for_each_other(postgres_only):
    """Saves lock the assessment FOR SHARE: while one save's transaction is open, a save of
    another question (another person) commits at once instead of queueing behind it —
    finalising, which locks FOR UPDATE, still waits for both (the tests above)."""
    assessment = AssessmentFactory()
    editor = MembershipFactory(organisation=assessment.organisation, role="editor").user
    first_saved, second_done = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def slow_save():
        with transaction.atomic():
            services.save_answer(
                assessment=assessment,
                question_key="buyer_needs",
                raw_value="2",
                base_version=0,
                user=editor,
            )
            first_saved.set()
            # hold the transaction (and the assessment's lock) until the other save is done
            return second_done.wait(timeout=10)

    def quick_save():
        first_saved.wait(timeout=20)
        answer = services.save_answer(
            assessment=assessment,
            question_key="stack_fully_used",
            raw_value="3",
            base_version=0,
            user=editor,
        )
        second_done.set()
        return answer

    threads = [_in_thread(slow_save, results, "slow"), _in_thread(quick_save, results, "quick")]
    for thread in threads:
        thread.join(timeout=30)
    # With an exclusive lock the quick save would wait for the slow one's transaction, which
    # waits 10 s for the quick save to finish: the slow one would report False.
    assert results["slow"] is True, results
    assert not isinstance(results["quick"], Exception), results
    assert Answer.objects.filter(assessment=assessment).count() == 2
