"""Per-role access on every questionnaire view (generic matrices from core.testing)."""

import pytest
from django.urls import reverse

from assessment.assessments.services import default_targets
from assessment.models import Assessment
from assessment.questionnaire import services
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import MembershipFactory
from core.testing.views import ViewTestCases
from tests.questionnaire.factories import AssessmentFactory

EDITORS = ("owner", "editor")
NOTE_ROLES = ("owner", "editor", "reviewer")


class TestAssessmentViews(ViewTestCases.AllViews):
    model = Assessment
    url_prefix = "assessment"
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

    def make_object(self, organisation):
        return AssessmentFactory(organisation=organisation)

    def form_data(self, organisation):
        version = services.ensure_default_framework()
        data = {
            "title": "Assessment Q4 2026",
            "framework_version": version.pk,
            "status": "draft",
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "description": "",
        }
        data.update({f"target_{step}": 70 for step in default_targets()})
        return data


def _assessment(membership):
    return {"assessment": AssessmentFactory(organisation=membership.organisation)}


def _url(name, **extra):
    return lambda c: reverse(name, kwargs={"pk": c["assessment"].pk, **extra})


def _archived(membership):
    return {"assessment": AssessmentFactory(organisation=membership.organisation, archived=True)}


def _foreign(setup):
    """The same context with another organisation's assessment."""
    return lambda membership: setup(MembershipFactory())


def _pinned(membership):
    return {"assessment": AssessmentFactory(organisation=membership.organisation, pinned=True)}


def _is_pinned(context) -> bool:
    return Assessment.objects.get(pk=context["assessment"].pk).pinned_at is not None


def _is_archived(context) -> bool:
    return Assessment.objects.get(pk=context["assessment"].pk).archived_at is not None


class TestQuestionnairePages(PageAccessTests):
    pages = {
        "step": Page(_url("assessment_step", step="current_state"), ALL_ROLES, setup=_assessment),
        "architecture_step": Page(
            _url("assessment_step", step="architecture"), ALL_ROLES, setup=_assessment
        ),
        "review": Page(_url("assessment_review"), ALL_ROLES, setup=_assessment),
        "answer_save": Page(
            _url("answer_save", question_key="buyer_needs"),
            EDITORS,
            method="post",
            data={"q-buyer_needs-value": "3", "q-buyer_needs-base_version": "0"},
            setup=_assessment,
        ),
        "answer_save_architecture": Page(
            _url("answer_save", question_key="data_architecture"),
            NOTE_ROLES,
            method="post",
            data={"q-data_architecture-value": "2", "q-data_architecture-base_version": "0"},
            setup=_assessment,
        ),
        "answer_note": Page(
            _url("answer_note", question_key="buyer_needs"),
            NOTE_ROLES,
            method="post",
            data={"n-buyer_needs-note": "A note", "n-buyer_needs-base_version": "0"},
            setup=_assessment,
        ),
        "archive": Page(
            _url("assessment_archive"),
            ("owner",),
            method="post",
            ok=(302,),
            setup=_assessment,
            changed=_is_archived,
            foreign=_foreign(_assessment),
        ),
        "unarchive": Page(
            _url("assessment_unarchive"),
            ("owner",),
            method="post",
            ok=(302,),
            setup=_archived,
            changed=lambda c: not _is_archived(c),
            foreign=_foreign(_archived),
        ),
        "pin": Page(
            _url("assessment_pin"),
            ("owner",),
            method="post",
            ok=(302,),
            setup=_assessment,
            changed=_is_pinned,
            foreign=_foreign(_assessment),
        ),
        "unpin": Page(
            _url("assessment_unpin"),
            ("owner",),
            method="post",
            ok=(302,),
            setup=_pinned,
            changed=lambda c: not _is_pinned(c),
            foreign=_foreign(_pinned),
        ),
        "framework_list": Page("/frameworks/", ALL_ROLES),
        "framework_detail": Page(
            lambda c: reverse("framework_detail", kwargs={"pk": c["version"].pk}),
            ALL_ROLES,
            setup=lambda m: {"version": services.ensure_default_framework()},
        ),
        "framework_upload": Page("/frameworks/upload/", ("owner",)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,kwargs,method",
    [
        ("assessment_step", {"step": "current_state"}, "get"),
        ("assessment_review", {}, "get"),
        ("answer_save", {"question_key": "buyer_needs"}, "post"),
        ("answer_note", {"question_key": "buyer_needs"}, "post"),
    ],
)
def test_other_organisations_assessment_is_404(client, signed_in, name, kwargs, method):
    signed_in("owner")
    foreign = AssessmentFactory()
    url = reverse(name, kwargs={"pk": foreign.pk, **kwargs})
    assert getattr(client, method)(url).status_code == 404


@pytest.mark.django_db
def test_unknown_step_and_question_are_404(client, signed_in):
    membership = signed_in("editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    url = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "nope"})
    assert client.get(url).status_code == 404
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "nope"})
    assert client.post(url, {}).status_code == 404


@pytest.mark.django_db
def test_foreign_framework_is_404(client, signed_in):
    from core.testing.factories import OrganisationFactory
    from tests.questionnaire.factories import custom_framework_version

    signed_in("owner")
    foreign = custom_framework_version(organisation=OrganisationFactory())
    assert client.get(reverse("framework_detail", kwargs={"pk": foreign.pk})).status_code == 404
