"""Light formatting of comments: a little Markdown (paragraphs, emphasis, links, lists,
code, quotes), never raw HTML, then sanitised; @mentions become highlighted spans.

Pure functions: the text in, safe HTML out. Markdown-it renders with raw HTML disabled
(it escapes ``<script>``), and nh3 keeps only the tags and URL schemes listed here, so a
``javascript:`` or ``data:`` link, an ``onerror`` attribute or a stray tag never survive
even if the Markdown layer let one through."""

from __future__ import annotations

import re
from collections.abc import Collection

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from assessment.comments.mentions import HANDLE_RE

ALLOWED_TAGS = frozenset(
    {"a", "p", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_markdown = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    [
        "paragraph",
        "list",
        "blockquote",
        "code",
        "fence",
        "emphasis",
        "link",
        "backticks",
        "newline",
        "autolink",
        "escape",
        "entity",
    ]
)

#: A tag of the sanitised HTML (text between tags has ``<``/``>`` escaped).
_TAG = re.compile(r"(<[^>]*>)")


def sanitise(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes; links get ``rel`` set."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative="deny",
    )


def highlight_mentions(html: str, handles: Collection[str]) -> str:
    """Wrap each ``@handle`` of ``handles`` (lower case) that is in the text — not in a
    tag, a link or code — in a highlighted span."""
    if not handles:
        return html
    wanted = {h.lower() for h in handles}
    out: list[str] = []
    inside = 0  # depth of <a>, <code>, <pre>

    def replace(match: re.Match) -> str:
        handle = match.group(1).rstrip(".")
        if handle.lower() not in wanted:
            return match.group(0)
        rest = match.group(1)[len(handle) :]
        return f'<span class="mention">@{handle}</span>{rest}'

    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if name in ("a", "code", "pre"):
                inside += -1 if piece.startswith("</") else 1
            out.append(piece)
        elif inside > 0:
            out.append(piece)
        else:
            out.append(HANDLE_RE.sub(replace, piece))
    return "".join(out)


def render(body: str, handles: Collection[str] = ()) -> SafeString:
    """The comment as safe HTML: Markdown → sanitised → mentions highlighted."""
    if not body:
        return mark_safe("")
    try:
        html = _markdown.render(body)
    except Exception:  # never a 500 for an odd comment: show it as plain text
        html = "<p>" + escape(body) + "</p>"
    return mark_safe(highlight_mentions(sanitise(html), handles))
