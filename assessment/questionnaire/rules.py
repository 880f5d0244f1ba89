"""Object rules for the questionnaire: a final assessment is read-only for everyone, and
cannot be deleted by anyone (owners archive it instead)."""

from core.permissions import register_object_rule


def _assessment_of(obj):
    return getattr(obj, "assessment", obj)


def _not_final(membership, obj) -> bool:
    from assessment.models import AssessmentStatus

    status = getattr(_assessment_of(obj), "status", None)
    return status != AssessmentStatus.FINAL


register_object_rule("assessment.change")(_not_final)
register_object_rule("assessment.delete")(_not_final)
register_object_rule("answer.change*")(_not_final)
register_object_rule("answer.note")(_not_final)
