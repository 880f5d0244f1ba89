"""Moving through an assessment: previous / next step links, and the review page that lists
the unanswered questions with links to them."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessment.questionnaire import services
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import (
    AssessmentFactory,
    custom_framework_version,
    framework_text,
)

pytestmark = pytest.mark.django_db

STEPS = ["current_state", "touchpoints", "gaps", "stack", "architecture"]

# Step 1 of a small framework: two plain questions (one allows N/A) and one that is shown
# only when the first is answered "yes"; the other steps hold one question each.
QUESTIONS = """
- {key: q_first, type: yes_partly_no, text: First question}
- {key: q_second, type: yes_partly_no, text: Second question, allow_na: true}
- key: q_shown_if
  type: yes_partly_no
  text: Follow-up question
  show_if: {question: q_first, equals: "yes"}
"""


class Links(HTMLParser):
    """Every <a> of a page: href, rel and text, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = {**dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def step_url(assessment, step: str) -> str:
    return reverse("assessment_step", kwargs={"pk": assessment.pk, "step": step})


def pager(response) -> dict[str, dict]:
    """The step page's previous / next / review links, by rel (review has no rel)."""
    links = Links(response.content.decode()).links
    found = {link["rel"]: link for link in links if link.get("rel") in ("prev", "next")}
    review = reverse("assessment_review", args=[response.context["assessment"].pk])
    for link in links:
        if link.get("href") == review:
            found["review"] = link
    return found


@pytest.fixture
def assessment(organisation):
    version = custom_framework_version(framework_text(QUESTIONS), organisation=organisation)
    return AssessmentFactory(organisation=organisation, framework_version=version)


@pytest.fixture
def editor(assessment):
    return MembershipFactory(organisation=assessment.organisation, role="editor").user


@pytest.mark.parametrize("index", range(len(STEPS)), ids=STEPS)
def test_step_pages_link_to_the_previous_and_next_step(client, signed_in, assessment, index):
    signed_in("viewer", assessment.organisation)
    response = client.get(step_url(assessment, STEPS[index]))
    assert response.status_code == 200
    links = pager(response)
    if index == 0:
        assert "prev" not in links
    else:
        assert links["prev"]["href"] == step_url(assessment, STEPS[index - 1])
    if index == len(STEPS) - 1:
        # The last step leads to the review page instead of a next step.
        assert "next" not in links
        assert "review" in links
    else:
        assert links["next"]["href"] == step_url(assessment, STEPS[index + 1])


def test_pager_names_the_neighbouring_steps(client, signed_in, assessment):
    signed_in("viewer", assessment.organisation)
    links = pager(client.get(step_url(assessment, "gaps")))
    assert "Touchpoints" in links["prev"]["text"]
    assert "Stack" in links["next"]["text"]


def review_links(client, assessment) -> list[str]:
    """The review page's links to questions (step URL + #question-key)."""
    response = client.get(reverse("assessment_review", args=[assessment.pk]))
    assert response.status_code == 200
    return [
        link["href"]
        for link in Links(response.content.decode()).links
        if "#question-" in link.get("href", "")
    ]


def test_review_lists_every_visible_unanswered_question_with_a_link(client, signed_in, assessment):
    signed_in("viewer", assessment.organisation)
    first = step_url(assessment, "current_state")
    expected = [f"{first}#question-q_first", f"{first}#question-q_second"] + [
        f"{step_url(assessment, step)}#question-{key}"
        for step, key in zip(STEPS[1:], ["t1", "g1", "s1", "a1"], strict=True)
    ]
    # The follow-up is hidden until q_first is "yes", so it is not listed.
    assert review_links(client, assessment) == expected


def test_review_drops_answered_and_na_questions_and_adds_ones_that_appear(
    client, signed_in, assessment, editor
):
    signed_in("viewer", assessment.organisation)
    for key, value, na in [
        ("q_first", "yes", False),
        ("q_second", None, True),
        ("g1", "no", False),
    ]:
        services.save_answer(
            assessment=assessment,
            question_key=key,
            raw_value=value,
            na=na,
            base_version=0,
            user=editor,
        )
    links = review_links(client, assessment)
    first = step_url(assessment, "current_state")
    # Answered and N/A questions are gone; the follow-up appeared with the "yes".
    assert f"{first}#question-q_first" not in links
    assert f"{first}#question-q_second" not in links
    assert f"{step_url(assessment, 'gaps')}#question-g1" not in links
    assert f"{first}#question-q_shown_if" in links
    assert len(links) == 4  # q_shown_if, t1, s1, a1


def test_review_says_when_a_step_is_complete_and_shows_overall_progress(
    client, signed_in, assessment, editor
):
    signed_in("viewer", assessment.organisation)
    services.save_answer(
        assessment=assessment, question_key="t1", raw_value="yes", base_version=0, user=editor
    )
    response = client.get(reverse("assessment_review", args=[assessment.pk]))
    content = response.content.decode()
    assert content.count("Every question of this step is answered.") == 1
    assert "1 of 6 questions answered (17%)." in content
    # Each step heading links to its step page.
    hrefs = {link["href"] for link in Links(content).links}
    assert {step_url(assessment, step) for step in STEPS} <= hrefs
