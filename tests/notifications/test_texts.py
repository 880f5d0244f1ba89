"""Each kind renders its title and body from its parameters; odd parameters never crash."""

import pytest
from django.utils import translation

from core.models import NotificationKind
from core.notifications.texts import TEXTS, render


def test_every_kind_has_a_text():
    assert set(TEXTS) == set(NotificationKind.values)


def test_assigned_and_notice_texts():
    text = render(
        "assigned",
        {"assigner": "Ana", "what": "Step 2", "assessment": "Q3 review", "due": "2027-01-31"},
    )
    assert text.title == "Work assigned to you"
    assert text.body == "Ana asked you to answer “Step 2” of Q3 review by 2027-01-31"
    notice = render("notice_deadline", {"tool": "Slack", "date": "2027-01-31", "days": 30})
    assert notice.body == "Last day to cancel Slack: 2027-01-31 (30 days)"
    flagged = render("flagged", {"reviewer": "Ivo", "integration": "A → B", "note": "no SSO"})
    assert flagged.body == "Ivo flagged the integration A → B: no SSO"


@pytest.mark.parametrize("kind", NotificationKind.values)
@pytest.mark.parametrize("params", [None, {}, {"extra": 1}, "not a dict", {"tool": None}])
def test_missing_or_odd_parameters_never_crash(kind, params):
    text = render(kind, params)
    assert text.title
    assert "%(" not in text.body


def test_a_missing_parameter_reads_as_an_ellipsis_and_unknown_kinds_have_a_title():
    assert (
        render("notice_deadline", {"tool": "Slack"}).body == "Last day to cancel Slack: … (… days)"
    )
    assert render("gone", {}).title == "Notification"


@pytest.mark.parametrize("language", ["ar", "fa", "ro"])
def test_renders_in_every_language(language):
    with translation.override(language):
        assert render("report_ready", {"assessment": "Q3"}).title
