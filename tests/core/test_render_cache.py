"""core.render_cache and {% rendercache %}: what the key of a stored part varies with, the
CSRF placeholder, and the tag's hit / miss / no-part / nested behaviour."""

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.middleware.csrf import _does_token_match, get_token
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from core import render_cache
from core.render_cache import SENTINEL

TEMPLATE = (
    "{% load render_cache %}<p>{{ before }}</p>"
    "{% rendercache %}<form>{% csrf_token %}{{ body }}{{ calls.next }}</form>{% endrendercache %}"
)


class Counter:
    """A context value that counts how often the body reading it was rendered."""

    def __init__(self):
        self.n = 0

    @property
    def next(self):
        self.n += 1
        return f"#{self.n}"


def make_request(path="/tools/", method="get", *, user_pk=1, organisation_pk=10, role="owner"):
    """A request as the middleware leaves it: user, organisation, membership, htmx."""
    request = getattr(RequestFactory(), method)(path)
    request.user = SimpleNamespace(pk=user_pk, is_authenticated=True)
    request.organisation = SimpleNamespace(pk=organisation_pk)
    request.membership = SimpleNamespace(role=role)
    request.htmx = None
    return request


class Htmx:
    """django_htmx's request.htmx: true for htmx requests, with the target's id."""

    def __init__(self, target, boosted=False):
        self.target = target
        self.boosted = boosted

    def __bool__(self):
        return True


def htmx_request(target, boosted=False, **kwargs):
    request = make_request(**kwargs)
    request.htmx = Htmx(target, boosted)
    return request


def key(request, name="list", version=("v1",)):
    return render_cache.key_for(request, name, version)


def render(request, template=TEMPLATE, **context):
    """Render with the request (as views do); the key was taken at lookup already, and the
    layout's context processors want a real membership: they get none here."""
    template = engines["django"].from_string(template)
    membership, request.membership = request.membership, None
    try:
        return template.render({"before": "head", **context}, request)
    finally:
        request.membership = membership


def real(request, value: str) -> bool:
    """`value` is a CSRF token valid for the request (masked tokens differ per call)."""
    get_token(request)
    return _does_token_match(value, request.META["CSRF_COOKIE"])


def has_token(html: str, request, count: int = 1) -> bool:
    """`html` carries `count` CSRF tokens, every one valid for the request's secret."""
    values = re.findall(r'value="([^"]+)"', str(html))
    return len(values) == count and all(
        _does_token_match(value, request.META["CSRF_COOKIE"]) for value in values
    )


# -- the key -------------------------------------------------------------------------------


def test_the_same_request_gets_the_same_key():
    assert key(make_request()) == key(make_request())
    assert key(make_request()).startswith("stackscope:part:")


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(lambda: make_request(user_pk=2), id="user"),
        pytest.param(lambda: make_request(role="viewer"), id="role"),
        pytest.param(lambda: make_request(organisation_pk=11), id="organisation"),
        pytest.param(lambda: make_request("/tools/?page=2"), id="query"),
        pytest.param(lambda: make_request("/tools/?o=-name"), id="sorting"),
        pytest.param(lambda: make_request("/integrations/"), id="path"),
        pytest.param(lambda: htmx_request("results"), id="htmx"),
    ],
)
def test_the_key_varies_with(other):
    assert key(other()) != key(make_request())


def test_the_key_varies_with_the_htmx_target():
    assert key(htmx_request("results")) != key(htmx_request("item-3"))
    assert key(htmx_request("results")) == key(htmx_request("results"))


def test_a_boosted_request_does_not_share_the_key_of_a_partial():
    """core.htmx.is_htmx: a boosted request wants the whole page, a plain htmx request its
    partial; without an HX-Target (a boosted link targets <body>) both had the same key,
    and one was served the other's part."""
    assert key(htmx_request(None, boosted=True)) != key(htmx_request(None))


def test_the_key_varies_with_the_name_and_the_version():
    request = make_request()
    assert key(request, name="list") != key(request, name="roadmap")
    assert key(request, version=("v1",)) != key(request, version=("v2",))


def test_the_key_varies_with_the_language():
    request = make_request()
    english = key(request)
    with translation.override("fr"):
        french = key(request)
    with translation.override("ar"):
        arabic = key(request)
    assert len({english, french, arabic}) == 3


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get_and_head_have_a_key(method):
    request = make_request(method=method)
    assert key(request) is None
    part = render_cache.lookup(request, "list", "v1")
    assert part.key is None and not part.hit
    # nothing pending: HTML built for this response gets the real token
    assert real(request, render_cache.csrf_token(request))
    assert key(make_request(method="head")) is not None


# -- lookup, store, fill, csrf_token -------------------------------------------------------


def test_a_stored_part_is_found_by_the_same_request_only():
    request = make_request()
    part = render_cache.lookup(request, "list", "v1")
    assert not part.hit
    render_cache.store(part, "<p>stored</p>")
    assert render_cache.lookup(make_request(), "list", "v1").html == "<p>stored</p>"
    assert not render_cache.lookup(make_request(), "list", "v2").hit
    assert not render_cache.lookup(make_request(user_pk=2), "list", "v1").hit


def test_fill_replaces_every_placeholder_with_the_requests_token():
    request = make_request()
    html = render_cache.fill(f'<input value="{SENTINEL}"><input value="{SENTINEL}">', request)
    assert SENTINEL not in html
    assert has_token(html, request, count=2)
    assert render_cache.fill("<p>no form</p>", make_request()) == "<p>no form</p>"


def test_csrf_token_is_the_placeholder_only_while_a_part_is_pending_or_rendering():
    plain = make_request()
    assert real(plain, render_cache.csrf_token(plain))

    rendering = make_request()
    with render_cache.rendering(rendering):
        assert render_cache.csrf_token(rendering) == SENTINEL
        with render_cache.rendering(rendering):  # nested
            assert render_cache.csrf_token(rendering) == SENTINEL
        assert render_cache.csrf_token(rendering) == SENTINEL
    assert real(rendering, render_cache.csrf_token(rendering))
    assert not render_cache.is_rendering(rendering)

    pending = make_request()
    render_cache.lookup(pending, "list", "v1")  # a miss: the part will be stored
    assert render_cache.csrf_token(pending) == SENTINEL

    hit = make_request()
    render_cache.store(render_cache.lookup(make_request(), "list", "v9"), "<p>x</p>")
    assert render_cache.lookup(hit, "list", "v9").hit
    assert real(hit, render_cache.csrf_token(hit))


# -- the template tag ----------------------------------------------------------------------


def test_a_miss_renders_the_body_with_the_placeholder_and_stores_it():
    request = make_request()
    part = render_cache.lookup(request, "list", "v1")
    calls = Counter()
    html = render(request, render_part=part, body="fresh", calls=calls)
    assert calls.n == 1
    assert "<p>head</p>" in html and "fresh#1" in html
    assert has_token(html, request) and SENTINEL not in html
    stored = cache.get(part.key)
    assert "fresh#1" in stored and f'value="{SENTINEL}"' in stored
    assert "head" not in stored  # only the part is kept


def test_a_hit_writes_the_stored_copy_with_this_requests_token_and_skips_the_body():
    first = make_request()
    render(first, render_part=render_cache.lookup(first, "list", "v1"), body="old", calls=Counter())

    second = make_request()
    part = render_cache.lookup(second, "list", "v1")
    assert part.hit
    calls = Counter()
    html = render(second, render_part=part, body="new", calls=calls, before="other head")
    assert calls.n == 0  # the body was not rendered
    assert "old#1" in html and "new" not in html
    assert "<p>other head</p>" in html  # what is around the part is rendered as ever
    assert has_token(html, second) and SENTINEL not in html


def test_without_a_part_or_a_key_the_body_is_just_rendered():
    request = make_request()
    calls = Counter()
    assert "fresh#1" in render(request, body="fresh", calls=calls)
    assert has_token(render(request, body="fresh", calls=calls), request)

    post = make_request(method="post")
    part = render_cache.lookup(post, "list", "v1")
    html = render(post, render_part=part, body="posted", calls=calls)
    assert "posted" in html and SENTINEL not in html
    assert cache.get(key(make_request())) is None  # nothing stored


def test_a_part_nested_in_a_part_being_rendered_is_its_body():
    template = (
        "{% load render_cache %}{% rendercache %}<main>{% csrf_token %}"
        "{% rendercache inner %}<div>{{ body }}</div>{% endrendercache %}</main>"
        "{% endrendercache %}"
    )
    request = make_request()
    outer = render_cache.lookup(request, "page", "v1")
    inner = render_cache.lookup(request, "inner", "v1")
    html = render(request, template, render_part=outer, inner=inner, body="B")
    assert "<main>" in html and "<div>B</div>" in html and SENTINEL not in html
    assert cache.get(inner.key) is None  # the inner part was not stored on its own
    assert "<div>B</div>" in cache.get(outer.key)
    assert not render_cache.is_rendering(request)


def test_a_nested_hit_inside_a_part_being_rendered_is_not_written_twice():
    """A stored inner part must not be spliced (with a real token) into an outer part
    being stored: the outer copy would carry one session's token."""
    template = (
        "{% load render_cache %}{% rendercache %}<main>"
        "{% rendercache inner %}<div>{% csrf_token %}{{ body }}</div>{% endrendercache %}</main>"
        "{% endrendercache %}"
    )
    request = make_request()
    inner = render_cache.lookup(request, "inner", "v1")
    render_cache.store(inner, f'<div><input value="{SENTINEL}">cached</div>')
    inner = render_cache.lookup(make_request(), "inner", "v1")
    assert inner.hit
    outer = render_cache.lookup(request, "page", "v1")
    html = render(request, template, render_part=outer, inner=inner, body="B")
    assert "B</div>" in html and "cached" not in html  # the body, rendered
    assert has_token(html, request)
    stored = cache.get(outer.key)
    assert f'value="{SENTINEL}"' in stored and "B</div>" in stored


def test_the_tag_takes_at_most_one_variable():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load render_cache %}{% rendercache a b %}{% endrendercache %}"
        )
