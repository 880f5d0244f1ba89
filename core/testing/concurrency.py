"""Real concurrency for PostgreSQL tests: jobs in threads, each with its own connection,
started together and holding their transactions open so they truly overlap."""

import threading
import time

import pytest
from django.db import connection, transaction


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def race(jobs, *, hold: float = 0.3, timeout: float = 30) -> list[object]:
    """Run each job in its own thread and transaction; "ok" or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                job()
                time.sleep(hold)  # keep the transaction (its locks and new rows) open
            results[index] = "ok"
        except Exception as error:  # the tests' assertions say which errors are expected
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
