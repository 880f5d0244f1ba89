"""Demo data: results for "Digital experience review 2026", and a previous final assessment.

"Digital experience review 2025" has fewer and lower answers and is finalised (with its
snapshot), so the 2026 dashboard has something to compare with. Idempotent in effect:
assessments are found by title; a final one is left as it is; only answers never saved are
added; results are stored only when their inputs changed, and the roadmap merge keeps every
edit; an item is accepted only if nobody changed its status.
"""

from datetime import timedelta

from django.db import transaction

from assessment.assessments.services import create_assessment
from assessment.demo_questionnaire import TITLE, sample_value
from assessment.models import Assessment, ItemStatus, RoadmapItem
from assessment.questionnaire import services as questionnaire
from assessment.questionnaire_core import schema as s
from assessment.results import services
from core.models import Role

PREVIOUS_TITLE = "Digital experience review 2025"
ACCEPTED = ("renewal_due", "underused_tool")


def _lower(question, index: int):
    value = sample_value(question, index)
    if question.type == s.MATURITY:
        return max(1, value - 1)
    if question.type == s.YES_PARTLY_NO:
        return "no" if value == "partly" else "partly"
    return value


def seed_previous(*, organisation, current: Assessment, editor) -> Assessment:
    previous = Assessment.objects.filter(organisation=organisation, title=PREVIOUS_TITLE).first()
    if previous is not None and previous.is_final:
        return previous
    if previous is None:
        previous = create_assessment(
            organisation=organisation,
            user=editor,
            framework_version=current.framework_version,
            title=PREVIOUS_TITLE,
            description="Last year's review, before the CDP pilot.",
            targets=current.targets,
        )
    # Created before this year's review, so it is "the previous final one".
    Assessment.objects.filter(pk=previous.pk).update(
        created_at=current.created_at - timedelta(days=365)
    )
    stored = {a.question_key: a for a in previous.answers.all()}
    for index, question in enumerate(previous.framework.questions()):
        if index % 5 >= 2 or question.key.startswith("handover"):
            continue
        if question.key in stored and stored[question.key].version:
            continue  # saved since (a run that stopped before finalising): keep it
        try:
            questionnaire.save_answer(
                assessment=previous,
                question_key=question.key,
                raw_value=_lower(question, index),
                base_version=0,
                user=editor,
            )
        except questionnaire.AnswerInvalid:
            continue
    previous.refresh_from_db()
    services.finalise(assessment=previous, user=editor)
    return previous


@transaction.atomic
def seed_results(*, organisation, users) -> None:
    editor = users[Role.EDITOR]
    current = Assessment.objects.filter(organisation=organisation, title=TITLE).first()
    if current is None:
        return
    seed_previous(organisation=organisation, current=current, editor=editor)
    if current.is_final:
        return
    services.ensure_results(current)
    for key in ACCEPTED:
        item = RoadmapItem.objects.filter(
            assessment=current, key=key, status=ItemStatus.OPEN
        ).first()
        if item is not None and "status" not in (item.edited_fields or []):
            services.accept_item(item=item, user=editor)
