"""Filter selects share one placeholder, "Any" (issue 17: "---------" beside "With
selected…" and "All")."""

import pytest
from django.urls import reverse

from core.testing.access import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["tool_list", "integration_list", "touchpoint_list"])
def test_filter_selects_say_any(client, url_name):
    sign_in(client, "viewer")
    page = client.get(reverse(url_name)).content.decode()
    assert ">Any</option>" in page
    assert "---------" not in page
