"""core.htmx.HtmxMessagesMiddleware: the messages an htmx request adds come back with its
fragment (issue 17: an action done through htmx said nothing, and its message surprised
the user on a later page)."""

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django_htmx.middleware import HtmxDetails

from core.htmx import HtmxMessagesMiddleware

OOB = b'hx-swap-oob="beforeend:#messages"'


def run(rf, *, headers=None, status=200, response_headers=None, content_type="text/html"):
    """The request through Session → Message → HtmxMessages middleware around a view that
    adds a message; returns (response, the messages left for the next page)."""
    request = rf.post("/", headers=headers or {})
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.htmx = HtmxDetails(request)

    def view(request):
        messages.success(request, "Verified Slack → Asana.")
        response = HttpResponse("<div id='queue'>…</div>", status=status, content_type=content_type)
        for name, value in (response_headers or {}).items():
            response[name] = value
        return response

    response = HtmxMessagesMiddleware(view)(request)
    MessageMiddleware(lambda r: None).process_response(request, response)
    # The next request, with the same session and the cookies this response set.
    following = rf.get("/")
    following.session = request.session
    following.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    MessageMiddleware(lambda r: None).process_request(following)
    left = [str(m) for m in messages.get_messages(following)]
    return response, left


@pytest.mark.django_db
def test_an_htmx_fragment_carries_the_messages_of_its_request(rf):
    response, left = run(rf, headers={"HX-Request": "true"})
    assert OOB in response.content
    assert "Verified Slack → Asana." in response.content.decode()
    assert 'role="status"' in response.content.decode()  # a success toast
    assert left == []  # shown now, not again on the next page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case",
    [
        {"headers": {}},  # a whole page shows its messages itself (base.html)
        {"headers": {"HX-Request": "true", "HX-Boosted": "true"}},  # a boosted page too
        {"headers": {"HX-Request": "true"}, "response_headers": {"HX-Redirect": "/tools/"}},
        {"headers": {"HX-Request": "true"}, "status": 204},
        {"headers": {"HX-Request": "true"}, "status": 422},
        {"headers": {"HX-Request": "true"}, "content_type": "application/json"},
    ],
)
def test_other_answers_leave_the_messages_for_the_next_page(rf, case):
    response, left = run(rf, **case)
    assert OOB not in response.content
    assert left == ["Verified Slack → Asana."]
