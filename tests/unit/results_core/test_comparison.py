"""results_core.comparison: findings gone since the last final assessment, and provisional
scores (issue 17: a third-answered draft read "5 findings resolved" and "+36")."""

from hypothesis import given
from hypothesis import strategies as st

from assessment.results_core.comparison import (
    PROVISIONAL_BELOW,
    gone_findings,
    is_provisional,
)
from assessment.results_core.scoring import Completeness


def test_a_finding_whose_question_is_unanswered_now_is_not_resolved():
    gone = gone_findings(
        {"vendor_driven_roadmap": ["vendor_roadmap"], "no_owner": ["owner"], "kept": ["x"]},
        current={"kept"},
        unanswered_now={"vendor_roadmap"},
    )
    assert gone.not_answered_yet == ("vendor_driven_roadmap",)
    assert gone.resolved == ("no_owner",)


def test_a_finding_on_inventories_alone_is_resolved_when_gone():
    gone = gone_findings({"underused_tool:7": []}, current=set(), unanswered_now={"a", "b"})
    assert gone.resolved == ("underused_tool:7",) and gone.not_answered_yet == ()


keys = st.text("abcdef", min_size=1, max_size=3)


@given(
    previous=st.dictionaries(keys, st.lists(keys, max_size=3), max_size=8),
    current=st.sets(keys, max_size=8),
    unanswered=st.sets(keys, max_size=8),
)
def test_every_gone_finding_is_told_once_and_kept_ones_never(previous, current, unanswered):
    gone = gone_findings(previous, current, unanswered)
    told = gone.resolved + gone.not_answered_yet
    assert sorted(told) == sorted(k for k in previous if k not in current)
    assert len(set(told)) == len(told)
    for key in gone.resolved:
        assert not set(previous[key]) & unanswered
    for key in gone.not_answered_yet:
        assert set(previous[key]) & unanswered


def test_provisional_below_half():
    assert PROVISIONAL_BELOW == 0.5
    assert is_provisional(Completeness(22, 0, 66))  # a third: the draft
    assert is_provisional(Completeness(4, 0, 14))
    assert not is_provisional(Completeness(5, 2, 14))  # half, counting "not applicable"
    assert not is_provisional(Completeness(66, 0, 66))
    assert not is_provisional(Completeness(0, 0, 0))  # no question: no score to doubt


@given(st.integers(0, 200), st.integers(0, 200), st.integers(1, 400))
def test_provisional_is_exactly_fewer_than_half_done(answered, na, counted):
    completeness = Completeness(answered, na, counted)
    assert is_provisional(completeness) == ((answered + na) / counted < 0.5)
