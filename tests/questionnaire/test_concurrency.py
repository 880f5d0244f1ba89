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


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


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
