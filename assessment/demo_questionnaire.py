"""Demo data: "Digital experience review 2026" for Acme Retail, about 60% answered, with notes.

Idempotent in effect: the assessment is found by title, and a re-run only adds the answers
and notes that were never saved. Anything saved since (an answer changed or cleared, a note
edited or deleted), and a final assessment, are left exactly as they are.
"""

from datetime import date

from django.db import transaction

from assessment.assessments.services import create_assessment
from assessment.models import Answer, Assessment
from assessment.questionnaire import services
from assessment.questionnaire_core import schema as s
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
    "core_platform": "Shopify Plus, with Segment as the customer data hub",
    "biggest_gaps": "1. No single view of the customer across the shop, the stores and care. "
    "2. Nothing after the purchase is personalised. "
    "3. Nobody owns the wiring between the tools, so breaks are found by customers.",
}
# Notes the team would write: on answered questions, plus one on a question left open.
NOTES = {
    "purchase_paths": "Trade customers still reorder by phone through their account manager; "
    "Finance can split last year's orders by channel from the ERP if we ask before March.",
    "digital_nps": "Post-purchase survey in Braze, October to December (about 1,900 replies). "
    "The stores score 41 on the same question, so digital clearly lags.",
    "chatbot_handover": "Intercom hands over to the care team on weekdays 8:00-18:00 only. "
    "After hours the bot offers a contact form and the customer waits until the next morning.",
    "overlap_known": "Two e-mail tools (Braze and Mailchimp), two web analytics suites and two "
    "BI tools. Mailchimp and Adobe Analytics are already marked to be eliminated.",
    "consent_governed": "OneTrust feeds Tag Manager and Marketo. Braze and Segment are not "
    "connected yet, so an unsubscribe can take a day to reach SMS and push.",
    "breaks_identified": "Known breaks: Segment to Marketo audiences (failing since the API "
    "change) and Intercom to Zendesk tickets. Both are flagged in Integrations.",
    "identity_resolution": "Left open until the CDP pilot review in April: loyalty ID and "
    "e-mail are still matched by hand for the pilot segment.",
}


def answered_in_demo(question, index: int) -> bool:
    """About 60%: three in every five questions, plus the chatbot chain."""
    return question.key in CHOSEN or not (index % 5 >= 3 or index % 8 == 0)


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
        assessment = create_assessment(
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
    if assessment.is_final:
        return assessment  # finalised in the app: read-only, left as it is
    framework = assessment.framework
    stored = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    for index, question in enumerate(framework.questions()):
        current = stored.get(question.key)
        if not answered_in_demo(question, index) or (current and current.version):
            continue  # not part of the demo, or saved (perhaps cleared) since
        user = reviewer if question.step == "architecture" and index % 2 else editor
        services.save_answer(
            assessment=assessment,
            question_key=question.key,
            raw_value=sample_value(question, index),
            base_version=0,
            user=user,
        )
    stored = {a.question_key: a for a in Answer.objects.filter(assessment=assessment)}
    for key, note in NOTES.items():
        current = stored.get(key)
        if current and current.note_version:
            continue  # written (or deleted) since
        author = reviewer if framework.question(key).step == "architecture" else editor
        services.save_note(
            assessment=assessment, question_key=key, note=note, base_version=0, user=author
        )
    return assessment
