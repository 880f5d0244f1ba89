"""Demo data: "Digital experience review 2026" for Acme Retail, about 60% answered, with notes.

Idempotent: the assessment is found by title; answers are saved through the service on top
of whatever is stored (so re-running only refreshes the same rows).
"""

from datetime import date

from django.db import transaction

from assessment.framework import schema as s
from assessment.models import Answer, Assessment
from assessment.questionnaire import services
from core.models import Role

TITLE = "Digital experience review 2026"
SHARE = 0.6

# Answers that tell a story (and open the chatbot chain: use → hand-over → context).
CHOSEN = {
    "chatbot_use": "live",
    "chatbot_handover": "partly",
    "handover_context": 2,
    "self_service_share": 35,
    "digital_satisfaction": 3,
    "digital_nps": 24,
    "business_model_mix": "mostly_b2c",
    "digital_goal": "Half of repeat orders placed online without a call by 2027",
    "core_platform": "Salesforce Commerce Cloud",
}
NOTES = {
    "buyer_needs": "Personas date from the 2023 workshop; customer interviews planned for Q2.",
    "chatbot_handover": "Hand-over works in business hours only; evenings end in a form.",
    "stack_fully_used": "We pay for journeys in the ESP but nobody has built one yet.",
    "data_architecture": "Nightly batch from the shop to the CRM; no event stream yet.",
    "identity_resolution": "Loyalty ID and e-mail are matched by hand in the CDP pilot.",
}


def sample_value(question, index: int):
    if question.key in CHOSEN:
        return CHOSEN[question.key]
    kind = question.type
    if kind == s.MATURITY:
        return [2, 3, 2, 4, 3, 1][index % 6]
    if kind == s.YES_PARTLY_NO:
        return ["partly", "yes", "no"][index % 3]
    if kind == s.SINGLE_CHOICE:
        return question.choices[min(1, len(question.choices) - 1)].key
    if kind == s.MULTIPLE_CHOICE:
        return [c.key for c in question.choices[:2]]
    if kind in (s.NUMBER, s.PERCENTAGE):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 100
        return int(low + (high - low) * 0.4)
    if kind == s.LONG_TEXT:
        return "Customers say delivery updates are late and the app forgets their basket."
    return "Marketing operations"


@transaction.atomic
def seed_questionnaire(*, organisation, users) -> Assessment:
    version = services.ensure_default_framework()
    editor, reviewer = users[Role.EDITOR], users[Role.REVIEWER]
    assessment = Assessment.objects.filter(organisation=organisation, title=TITLE).first()
    if assessment is None:
        assessment = services.create_assessment(
            organisation=organisation,
            user=editor,
            framework_version=version,
            title=TITLE,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            description="Yearly review of the digital customer experience and the martech "
            "stack, ahead of the 2027 budget.",
            targets={
                "current_state": 70,
                "touchpoints": 75,
                "gaps": 60,
                "stack": 70,
                "architecture": 65,
            },
            participants=list(users.values()),
        )
    framework = assessment.framework
    stored = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    questions = framework.questions()
    for index, question in enumerate(questions):
        # About 60%: three in every five questions, plus the chatbot chain.
        if (index % 5 >= 3 or index % 8 == 0) and question.key not in CHOSEN:
            continue
        user = reviewer if question.step == "architecture" and index % 2 else editor
        current = stored.get(question.key)
        services.save_answer(
            assessment=assessment,
            question_key=question.key,
            raw_value=sample_value(question, index),
            base_version=current.version if current else 0,
            user=user,
        )
    stored = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    for key, note in NOTES.items():
        current = stored.get(key)
        author = reviewer if framework.question(key).step == "architecture" else editor
        services.save_note(
            assessment=assessment,
            question_key=key,
            note=note,
            base_version=current.note_version if current else 0,
            user=author,
        )
    return assessment
