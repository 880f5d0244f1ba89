"""factory_boy factories and small framework builders for questionnaire tests."""

import factory
from django.utils import timezone

from assessment.assessments import services as assessments
from assessment.models import Assessment
from assessment.questionnaire import services
from core.testing.factories import OrganisationFactory
from tests.unit.questionnaire_core.helpers import HEAD, TAIL, framework_yaml

LEVELS = "[Nothing written down., Ad hoc notes., Documented., Measured., Optimised daily.]"

# One question of every type, and a chain a → b → c of conditional questions.
ALL_TYPES = f"""
- {{key: q_maturity, type: maturity, text: Maturity, levels: {LEVELS}}}
- {{key: q_ypn, type: yes_partly_no, text: Yes partly no}}
- key: q_single
  type: single_choice
  text: Single
  choices: [{{key: a, label: A, score: 100}}, {{key: b, label: B, score: 0}}]
- key: q_multi
  type: multiple_choice
  text: Multi
  choices: [{{key: x, label: X, score: 50}}, {{key: y, label: Y, score: 50}}]
- {{key: q_number, type: number, text: Number, min: 0, max: 1000, allow_na: true, scored: false}}
- {{key: q_percent, type: percentage, text: Percent, scored: false}}
- {{key: q_short, type: short_text, text: Short, scored: false}}
- {{key: q_long, type: long_text, text: Long, scored: false}}
"""


def framework_text(questions: str = ALL_TYPES, version: int = 1, key: str = "test-framework"):
    head = HEAD.replace("version: 1", f"version: {version}").replace(
        "key: test-framework", f"key: {key}"
    )
    return framework_yaml(questions, head=head, tail=TAIL)


def many_questions(count: int) -> str:
    return "\n".join(
        f"- {{key: q{i}, type: yes_partly_no, text: Question {i}}}" for i in range(count)
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    framework_version = factory.LazyFunction(services.ensure_default_framework)
    title = factory.Sequence(lambda n: f"Assessment {n}")
    targets = factory.LazyFunction(assessments.default_targets)

    class Params:
        archived = factory.Trait(archived_at=factory.LazyFunction(timezone.now))
        pinned = factory.Trait(pinned_at=factory.LazyFunction(timezone.now))


def custom_framework_version(text: str | None = None, organisation=None):
    return services.load_framework_version(
        text=text or framework_text(), filename="test.yaml", organisation=organisation
    )
