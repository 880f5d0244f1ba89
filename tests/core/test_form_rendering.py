"""The shared field template: single checkboxes and checkbox groups render as Bootstrap checks."""

import re

import pytest
from django.urls import reverse

from core.testing.access import sign_in

pytestmark = pytest.mark.django_db


def test_checkbox_groups_are_fieldsets_with_a_label_per_option(client):
    sign_in(client, "editor")
    html = client.get(reverse("tool_add")).content.decode()
    group = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Journey stages.*?</fieldset>", html, re.S)
    assert group, "journey stages are not a fieldset with a legend"
    options = re.findall(
        r'<div class="form-check form-check-inline"><input type="checkbox"[^>]*'
        r'class="form-check-input"[^>]*id="([^"]+)"[^>]*><label class="form-check-label" '
        r'for="\1">',
        group.group(0),
    )
    assert len(options) == 6


def test_assessment_participants_are_a_checkbox_group(client):
    sign_in(client, "editor")
    html = client.get(reverse("assessment_add")).content.decode()
    assert re.search(r"<legend[^>]*>Participants", html)
    assert 'class="mb-3 form-check"><div' not in html  # the old, overlapping rendering
