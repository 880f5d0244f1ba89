"""Object rules for results: a final assessment's roadmap and findings are read-only, and only
a draft or an assessment in review can be finalised."""

from assessment.questionnaire.rules import not_final
from core.permissions import register_object_rule

for _action in ("roadmap.add", "roadmap.change", "roadmap.regenerate", "finding.change"):
    register_object_rule(_action)(not_final)
register_object_rule("assessment.finalise")(not_final)
