"""Reads for conversations: the threads of one object (a fixed number of queries), and
open-thread counts for a page of objects or a step's questions (one query each)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, QuerySet

from assessment.models import Comment, Thread, ThreadTarget
from assessment.models.comments import TARGET_FIELDS


def threads_for_organisation(organisation) -> QuerySet[Thread]:
    return Thread.objects.for_organisation(organisation)


def comments_for_organisation(organisation) -> QuerySet[Comment]:
    return Comment.objects.for_organisation(organisation)


def _with_comments(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return threads.select_related("created_by", "resolved_by").prefetch_related(
        Prefetch(
            "comments",
            queryset=Comment.objects.select_related("author").prefetch_related("mentions"),
        )
    )


def threads_for(organisation, *, obj=None, assessment=None, question_key: str = ""):
    """The threads about one object (or question), open first then most recent, with
    their comments, authors and mentions: four queries whatever their number."""
    threads = threads_for_organisation(organisation)
    if obj is None:
        threads = threads.filter(
            target=ThreadTarget.QUESTION, assessment=assessment, question_key=question_key
        )
    else:
        from assessment.comments.services import target_of

        target = target_of(obj)
        threads = threads.filter(target=target, **{TARGET_FIELDS[target]: obj})
    open_first = F("resolved_at").desc(nulls_first=True)
    return list(_with_comments(threads).order_by(open_first, "-last_comment_at", "-id"))


def thread_with_comments(organisation, pk: int) -> Thread:
    """One thread with its comments; ``Thread.DoesNotExist`` when not the organisation's."""
    return _with_comments(threads_for_organisation(organisation)).get(pk=pk)


def open_counts(organisation, target: str, ids: Iterable[int]) -> dict[int, int]:
    """Open threads per object of one kind: {object id: count}, in one query."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    field = TARGET_FIELDS[ThreadTarget(target)]
    rows = (
        threads_for_organisation(organisation)
        .filter(target=target, resolved_at=None, **{f"{field}_id__in": ids})
        .values(f"{field}_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row[f"{field}_id"]: row["n"] for row in rows}


def question_open_counts(assessment, question_keys: Iterable[str] | None = None) -> dict[str, int]:
    """Open threads per question of one assessment: {question key: count}, one query."""
    rows = Thread.objects.filter(
        organisation_id=assessment.organisation_id,
        target=ThreadTarget.QUESTION,
        assessment=assessment,
        resolved_at=None,
    )
    if question_keys is not None:
        rows = rows.filter(question_key__in=list(question_keys))
    rows = rows.values("question_key").annotate(n=Count("id")).order_by()
    return {row["question_key"]: row["n"] for row in rows}


def questions_version(assessment) -> str:
    """Changes whenever a thread of the assessment's questions changes (the step page's
    cached part shows their counts)."""
    from django.db.models import Max

    row = Thread.objects.filter(
        organisation_id=assessment.organisation_id, assessment=assessment
    ).aggregate(n=Count("id"), latest=Max("updated_at"), top=Max("id"))
    return f"{row['n']}:{row['latest']}:{row['top']}"


def annotate_open_threads(objects: list, target: str) -> list:
    """Set ``open_threads`` on each object of one kind (a page of a list): one query."""
    if not objects or target not in ThreadTarget.values:
        return objects
    counts = open_counts(objects[0].organisation_id, target, [o.pk for o in objects])
    for obj in objects:
        obj.open_threads = counts.get(obj.pk, 0)
    return objects
