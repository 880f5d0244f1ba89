"""The Content-Security-Policy: the header on every page, its nonce on the page's scripts,
and no page (or template) needing more than the policy allows: no inline script or style
without the nonce, no on…= handler, no style attribute, no htmx feature that needs eval.
The browser side (no violation in Chromium's console) is tests/browser/."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import Role, User
from core.testing.csp import nonce_of, parse_policy, policy_problems, script_nonces

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def _policy(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    return parse_policy(response["Content-Security-Policy"])


def test_signed_in_page_has_the_strict_policy_and_its_nonce_on_the_scripts(client, signed_in):
    signed_in(Role.VIEWER)
    response = client.get(reverse("dashboard"))
    policy = _policy(response)
    for directive, sources in EXPECTED.items():
        assert policy.get(directive) == sources, directive
    nonce = nonce_of(response["Content-Security-Policy"])
    assert nonce and policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    everything = " ".join(" ".join(sources) for sources in policy.values())
    assert "unsafe-eval" not in everything and "unsafe-inline" not in everything
    html = response.content.decode()
    assert script_nonces(html) and set(script_nonces(html)) == {nonce}
    assert policy_problems(html, nonce) == []
    # A new request, a new nonce.
    assert nonce_of(client.get(reverse("dashboard"))["Content-Security-Policy"]) != nonce


def test_htmx_runs_without_eval(client, signed_in):
    signed_in(Role.VIEWER)
    html = client.get(reverse("dashboard")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html)
    assert config, "htmx-config meta missing"
    assert '"allowEval": false' in config.group(1)
    # htmx would otherwise inject an inline <style> for its indicators.
    assert '"includeIndicatorStyles": false' in config.group(1)


def test_signed_out_pages_have_the_policy_too(client):
    response = client.get(reverse("login"))
    assert _policy(response)["frame-ancestors"] == ["'none'"]
    assert (
        policy_problems(response.content.decode(), nonce_of(response["Content-Security-Policy"]))
        == []
    )


def test_api_docs_inline_code_carries_the_nonce(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    nonce = nonce_of(response["Content-Security-Policy"])
    html = response.content.decode()
    assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html
    assert policy_problems(html, nonce) == []


def test_admin_pages_need_nothing_beyond_the_policy(admin_client):
    for url in ("/admin/", "/admin/core/user/", "/admin/core/user/add/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        nonce = nonce_of(response["Content-Security-Policy"])
        assert policy_problems(response.content.decode(), nonce) == [], url


SKIP = ("/admin/", "/api/", "/static/", "/media/", "/accounts/logout/")
SKIP_PARTS = ("/export/", "/download/")
HREF = re.compile(r'href="([^"]+)"')


def test_every_page_reachable_from_the_dashboard_needs_nothing_beyond_the_policy(client):
    """Crawl the demo organisation as its owner (every link of every page, one page of each
    kind): each page's HTML passes the policy scan."""
    from core.demo import seed

    seed()
    client.force_login(User.objects.get(email="owner@acme.example"))
    queue, seen, problems = deque(["/"]), {"/"}, {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found = policy_problems(html, nonce_of(response["Content-Security-Policy"]))
        if found:
            problems[url] = found
        for href in HREF.findall(html):
            target = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP) or any(p in parts.path for p in SKIP_PARTS):
                continue
            # One page per kind: /tools/7/ stands for every tool; query strings (filters,
            # sorting, pages) render the same template.
            shape = re.sub(r"/\d+/", "/<id>/", parts.path)
            if shape not in seen:
                seen.add(shape)
                queue.append(target)
    assert len(seen) > 40, sorted(seen)  # the crawl really went through the app
    assert problems == {}


TEMPLATE_DIRS = [settings.BASE_DIR / "templates"]
# WeasyPrint renders these to PDF; no browser ever gets them (the PDF's own print CSS).
NOT_SERVED = ("report/", "emails/")
FORBIDDEN_IN_TEMPLATES = [
    (re.compile(r"<script(?![^>]*\b(?:nonce|src)=)[^>]*>", re.I), "inline <script> without nonce"),
    (re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I), "<style> without nonce"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\s(data-)?hx-(on|vars)\b", re.I), "hx-on / hx-vars (eval)"),
    # An event name directly followed by [condition]; `from:input[type=search]` is a selector.
    (re.compile(r"hx-trigger=\"(?:[^\"]*,)?\s*[\w:.-]+\[", re.I), "hx-trigger filter (eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _served_templates() -> dict[str, Path]:
    return {
        path.relative_to(root).as_posix(): path
        for root in TEMPLATE_DIRS
        for path in sorted(Path(root).rglob("*.html"))
        if not path.relative_to(root).as_posix().startswith(NOT_SERVED)
    }


@pytest.mark.parametrize("name", sorted(_served_templates()))
def test_template_needs_nothing_beyond_the_policy(name):
    source = _served_templates()[name].read_text(encoding="utf-8")
    found = [label for pattern, label in FORBIDDEN_IN_TEMPLATES if pattern.search(source)]
    assert found == [], f"{name}: {found}"
