"""Object rules for the questionnaire: a final assessment is read-only for everyone, and
cannot be deleted by anyone (owners archive it instead)."""

from core.permissions import register_object_rule


def _assessment_of(obj):
    return getattr(obj, "assessment", obj)


def not_final(membership, obj) -> bool:
    """False when the object (or its assessment) is final: the rule of everything final."""
    from assessment.models import AssessmentStatus

    status = getattr(_assessment_of(obj), "status", None)
    return status != AssessmentStatus.FINAL


register_object_rule("assessment.change")(not_final)
register_object_rule("assessment.delete")(not_final)
register_object_rule("answer.change*")(not_final)
register_object_rule("answer.note")(not_final)
