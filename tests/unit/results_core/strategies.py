"""Hypothesis strategies: valid answers for any framework question, small inventories."""

from __future__ import annotations

from hypothesis import strategies as st

from assessment.questionnaire_core import NA, Framework, Question
from assessment.questionnaire_core import schema as s

from .helpers import integration, tool, touchpoint


def value_of(question: Question) -> st.SearchStrategy:
    """A valid, clean answer to ``question`` (never None or NA)."""
    kind = question.type
    if kind == s.MATURITY:
        return st.integers(1, 5)
    if kind == s.YES_PARTLY_NO:
        return st.sampled_from(("yes", "partly", "no"))
    if kind == s.SINGLE_CHOICE:
        return st.sampled_from([c.key for c in question.choices])
    if kind == s.MULTIPLE_CHOICE:
        keys = [c.key for c in question.choices]
        return st.lists(st.sampled_from(keys), unique=True).map(
            lambda picked: [k for k in keys if k in picked]
        )
    if kind == s.PERCENTAGE:
        return st.integers(0, 100)
    if kind == s.NUMBER:
        low = int(question.min or 0)
        high = int(question.max) if question.max is not None else low + 1000
        return st.integers(low, high)
    return st.just("Some text.")


def answer_of(question: Question) -> st.SearchStrategy:
    """An answer, unanswered (None) or, where allowed, "not applicable"."""
    options = [st.none(), value_of(question)]
    if question.allow_na:
        options.append(st.just(NA))
    return st.one_of(options)


def answer_sets(framework: Framework) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({q.key: answer_of(q) for q in framework.questions()})


def gating_keys(framework: Framework) -> frozenset[str]:
    """Questions other questions' ``show_if`` depends on."""
    keys: set[str] = set()
    for q in framework.questions():
        if q.show_if is not None:
            keys |= q.show_if.referenced_keys()
    return frozenset(keys)


tools = st.lists(
    st.builds(
        lambda i, sub, status, seats, active, sor: tool(
            i,
            subcategory=sub,
            status=status,
            licensed_seats=seats,
            active_users_30d=active,
            system_of_record=sor,
        ),
        st.integers(1, 30),
        st.sampled_from(("crm", "email_marketing", "cdp", "analytics")),
        st.sampled_from(("active", "active", "trial", "inactive", "retired")),
        st.one_of(st.none(), st.integers(0, 200)),
        st.one_of(st.none(), st.integers(0, 250)),
        st.booleans(),
    ),
    max_size=8,
    unique_by=lambda t: t.id,
)

integrations = st.lists(
    st.builds(
        lambda i, a, b, method, status, review: integration(
            i, a, b, method=method, status=status, review_state=review
        ),
        st.integers(1, 50),
        st.integers(1, 30),
        st.integers(1, 30),
        st.sampled_from(("native", "api", "file", "manual")),
        st.sampled_from(("live", "planned", "broken", "deprecated")),
        st.sampled_from(("unreviewed", "verified", "flagged")),
    ),
    max_size=10,
    unique_by=lambda i: i.id,
)

touchpoints = st.lists(
    st.builds(
        lambda i, stage, channel, personalisation: touchpoint(
            i, stage, channel, personalisation=personalisation
        ),
        st.integers(1, 40),
        st.sampled_from(s.TAG_VOCABULARIES["stages"]),
        st.sampled_from(("web", "email", "chat", "in_store", "sales_rep")),
        st.sampled_from(("none", "rule_based", "individual")),
    ),
    max_size=10,
    unique_by=lambda t: t.id,
)
