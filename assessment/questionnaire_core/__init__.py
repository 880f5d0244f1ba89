"""The assessment framework: questionnaire format, loading, conditions, answers and scores.

Pure Python (no Django) so it can be used by models, forms, the API, the scoring engine,
management commands and tests alike. See docs/framework.md for the file format.
"""

from .answers import NA, NA_TOKEN, AnswerValue, score_answer, validate_answer
from .conditions import evaluate_condition, is_answered, visible_answers, visible_questions
from .diff import diff_frameworks
from .errors import AnswerError, FrameworkError, FrameworkIssue
from .loader import (
    DEFAULT_FRAMEWORK_PATH,
    load_default_framework,
    load_framework,
    load_framework_text,
)
from .schema import (
    QUESTION_TYPES,
    STEP_KEYS,
    TAG_VOCABULARIES,
    Band,
    Blend,
    Choice,
    Condition,
    Framework,
    Level,
    MetricDefinition,
    Question,
    Section,
    Step,
    Tags,
)
from .text import Text

__all__ = [
    "DEFAULT_FRAMEWORK_PATH",
    "NA",
    "NA_TOKEN",
    "QUESTION_TYPES",
    "STEP_KEYS",
    "TAG_VOCABULARIES",
    "AnswerError",
    "AnswerValue",
    "Band",
    "Blend",
    "Choice",
    "Condition",
    "Framework",
    "FrameworkError",
    "FrameworkIssue",
    "Level",
    "MetricDefinition",
    "Question",
    "Section",
    "Step",
    "Tags",
    "Text",
    "diff_frameworks",
    "evaluate_condition",
    "is_answered",
    "load_default_framework",
    "load_framework",
    "load_framework_text",
    "score_answer",
    "validate_answer",
    "visible_answers",
    "visible_questions",
]
