"""The assessment app's models that keep a change history (core/history, docs/history.md)."""

from functools import partial

from django.utils.text import Truncator
from django.utils.translation import get_language

from assessment.questionnaire.display import answer_text
from core.history.registry import RESTORER, Described, track


def register() -> None:
    from assessment import models as m

    RESTORER["path"] = "assessment.history_restore.restore_version"

    track(m.Tool, exclude=("confirmed_at",), restore_action="tool.change")
    track(
        m.Integration,
        exclude=("reviewed_at",),
        m2m=("data_objects",),
        restore_action="integration.change",
    )
    track(m.Touchpoint, m2m=("tools",), restore_action="touchpoint.change")
    track(
        m.RoadmapItem,
        # Derived on every recompute, or bookkeeping of the board, not anyone's edit.
        exclude=(
            "key",
            "generated",
            "quadrant",
            "priority",
            "position",
            "edited_fields",
            "messages",
            "savings_breakdown",
            "finding_keys",
            "dependencies",
        ),
        restore_action="roadmap.change",
    )
    track(m.Assessment, exclude=("framework_version",), m2m=("participants",))
    # Who and when is the entry's own record; the versions are optimistic locking; which
    # question of which assessment never changes (the entry names it).
    track(
        m.Answer,
        exclude=(
            "assessment",
            "question_key",
            "version",
            "note_version",
            "answered_by",
            "answered_at",
            "note_by",
            "note_at",
        ),
        describe="assessment.history.describe_answers",
    )
    track(m.ToolCategory)
    track(m.ToolSubcategory)
    track(m.DataObject)
    track(m.FindingThresholds)
    track(m.OwnProduct)
    track(m.Assignment, exclude=("assigned_by",))


def describe_answers(ids) -> dict[int, str]:
    """An answer in the history is its question, in the reader's language, and its
    assessment (two queries: the answers, then their assessments with their frameworks,
    whose parsed form is cached)."""
    from assessment.models import Answer, Assessment

    answers = list(Answer._base_manager.filter(pk__in=ids).only("pk", "question_key", "assessment"))
    assessments = Assessment._base_manager.select_related("framework_version").in_bulk(
        {answer.assessment_id for answer in answers}
    )
    language = get_language()
    names = {}
    for answer in answers:
        assessment = assessments.get(answer.assessment_id)
        try:
            text = assessment.framework.question(answer.question_key).text
        except (KeyError, AttributeError):
            continue
        question = text.get(language) if hasattr(text, "get") else str(text)
        names[answer.pk] = Described(
            f"{Truncator(question).chars(90)} · {assessment.title}",
            read=partial(_read_answer, assessment.framework.question(answer.question_key)),
        )
    return names


def _read_answer(question, field: str, value):
    """An answer's value as the questionnaire words it (an option's label, "Level 3 of 5 —
    …", "35%"), not its stored key; other fields the usual way (None)."""
    if field != "value":
        return None
    if value is None or value == "" or value == []:
        return ""
    try:
        return Truncator(answer_text(question, value)).chars(160)
    except (AttributeError, TypeError, ValueError):  # a value the question no longer reads
        return str(value)
