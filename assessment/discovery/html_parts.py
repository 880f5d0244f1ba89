"""The parts of an HTML page a technology scan looks at: scripts, meta tags and links.

Parsed with the standard library's tolerant ``html.parser`` (broken markup is the norm), up
to a size cap. Marketing tags mostly load through an inline snippet
(``j.src='https://www.googletagmanager.com/gtm.js?id='+i``), not a ``<script src>``, so the
URLs written inside inline scripts are collected too: detect.py checks them against the
same ``scriptSrc`` fingerprints as real script tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

#: Characters of HTML parsed per page (the rest is ignored; a page is rarely this big).
MAX_PARSED_CHARS = 2_000_000
#: Characters of one inline script kept, and inline scripts kept per page.
MAX_SCRIPT_CHARS = 100_000
MAX_SCRIPTS = 200
MAX_LINKS = 500

# a URL written in a script: "https://…", '//…' (scheme-relative), up to a quote or space
_SCRIPT_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'`<>()\\]*""", re.I)
#: Links to these are not pages (a scan visits pages, not downloads).
_NOT_PAGES = re.compile(
    r"\.(?:pdf|zip|gz|rar|7z|dmg|exe|msi|jpe?g|png|gif|webp|svg|ico|mp[34]|mov|avi|webm|"
    r"woff2?|ttf|css|js|json|xml|rss|txt|docx?|xlsx?|pptx?|csv)$",
    re.I,
)


@dataclass(slots=True)
class HtmlParts:
    script_urls: list[str] = field(default_factory=list)  # absolute <script src> URLs
    inline_scripts: list[str] = field(default_factory=list)
    script_literal_urls: list[str] = field(default_factory=list)  # URLs inside inline scripts
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-case name → contents
    links: list[str] = field(default_factory=list)  # absolute <a href>, without fragment


class _Collector(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.parts = HtmlParts()
        self._script: list[str] | None = None
        self._script_size = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"].strip())
        elif tag == "script":
            src = values.get("src", "").strip()
            if src:
                self.parts.script_urls.append(urljoin(self.base, src))
            elif len(self.parts.inline_scripts) < MAX_SCRIPTS:
                self._script, self._script_size = [], 0
        elif tag == "meta":
            name = values.get("name") or values.get("property") or values.get("http-equiv")
            if name and "content" in values:
                self.parts.meta.setdefault(name.lower(), []).append(values["content"])
        elif tag == "a" and values.get("href") and len(self.parts.links) < MAX_LINKS:
            href = values["href"].strip()
            if not href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
                self.parts.links.append(urldefrag(urljoin(self.base, href))[0])

    def handle_data(self, data: str) -> None:
        if self._script is not None and self._script_size < MAX_SCRIPT_CHARS:
            piece = data[: MAX_SCRIPT_CHARS - self._script_size]
            self._script.append(piece)
            self._script_size += len(piece)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            code = "".join(self._script)
            self._script = None
            if code.strip():
                self.parts.inline_scripts.append(code)
                for found in _SCRIPT_URL.findall(code):
                    url = found if not found.startswith("//") else "https:" + found
                    self.parts.script_literal_urls.append(url)


def parse_html(html: str, base_url: str) -> HtmlParts:
    """Scripts, inline script URLs, meta tags and links of a page (relative URLs resolved)."""
    collector = _Collector(base_url)
    try:
        collector.feed(html[:MAX_PARSED_CHARS])
        collector.close()
    except AssertionError:  # html.parser gives up on some malformed declarations
        pass
    parts = collector.parts
    parts.script_urls = list(dict.fromkeys(parts.script_urls))
    parts.script_literal_urls = list(dict.fromkeys(parts.script_literal_urls))
    parts.links = list(dict.fromkeys(parts.links))
    return parts


def site_of(url: str) -> str:
    """The host a scan stays on, without a leading "www." (example.com ~ www.example.com)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def same_site_links(page_url: str, links: list[str]) -> list[str]:
    """The links that lead to other pages of the same site (http/https, not downloads)."""
    site = site_of(page_url)
    found = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or site_of(link) != site:
            continue
        if _NOT_PAGES.search(parts.path):
            continue
        found.append(link)
    return list(dict.fromkeys(found))
