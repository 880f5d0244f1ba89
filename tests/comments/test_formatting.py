"""Comment formatting: light Markdown in, sanitised HTML out, whatever is thrown at it."""

from html.parser import HTMLParser

import pytest

from assessment.comments import mentions
from assessment.comments.formatting import ALLOWED_TAGS, render


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def parse(html: str) -> list:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def test_light_markdown_renders():
    html = render("Hello *there* and **you**\n\n- one\n- two\n\n1. first\n\n`code`")
    assert "<em>there</em>" in html
    assert "<strong>you</strong>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<ol>" in html
    assert "<code>code</code>" in html


def test_links_get_safe_rel():
    html = render("[docs](https://example.com/a)")
    assert 'href="https://example.com/a"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "mailto:a@b.co" in render("[mail](mailto:a@b.co)")


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](data:image/svg+xml;base64,PHN2Zz4=)",
        "[x](vbscript:msgbox(1))",
        '<div onmouseover="alert(1)">hover</div>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
        '<a href="https://ok.example" onclick="alert(1)">ok</a>',
        '[x](https://ok.example "title" onclick=alert(1))',
        "<svg onload=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_hostile_input_is_neutralised(hostile):
    """Parsed as a browser would: only allowed tags, no event handler attributes, and
    links only to http, https or mailto (escaped text that merely reads like markup is
    harmless and may stay)."""
    elements = parse(str(render(hostile)))
    for tag, attributes in elements:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name)
            assert name in ("href", "rel", "start"), (tag, name)
            if name == "href":
                assert value.split(":", 1)[0].lower() in ("http", "https", "mailto"), value
    assert "<script" not in str(render(hostile)).lower()


def test_raw_html_is_shown_as_text():
    html = render("<b>bold?</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_relative_links_are_dropped():
    html = render("[here](/admin/)")
    assert 'href="/admin/"' not in html


def test_mentions_of_mentioned_members_are_highlighted():
    html = render("Thanks @ana and @nobody, see ana@example.com", {"ana"})
    assert '<span class="mention">@ana</span>' in html
    assert "@nobody" in html and '<span class="mention">@nobody' not in html
    # an address alone is not a mention
    assert "ana@example.com" in html


def test_mentions_are_not_highlighted_in_code_or_links():
    html = render("`@ana` [@ana](https://example.com/@ana)", {"ana"})
    assert 'class="mention"' not in html


def test_full_address_handles():
    assert mentions.handles_in("hi @ana@example.org. and @bob, x@y.z") == [
        "ana@example.org",
        "bob",
    ]


def test_empty_body():
    assert render("") == ""
