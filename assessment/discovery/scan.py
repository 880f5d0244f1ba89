"""Scan a website: fetch a few of its pages, within bounds, and detect its technologies.

Starts from the addresses given and follows same-site links breadth-first, so the home page
and the pages it links to come first. Bounded as issue 18 asks: at most 20 pages, 5 MB
each, 30 seconds in all (one deadline shared by every fetch). A page that cannot be fetched
is an error for that URL, never the end of the scan. The fetcher is a parameter, so the
scan runs against a stub in tests and the same code serves a background task later; no ORM.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assessment.discovery.catalogue import Catalogue
from assessment.discovery.detect import Detection, Page, detect
from assessment.discovery.errors import FetchError
from assessment.discovery.html_parts import parse_html, same_site_links

MB = 1024 * 1024


class Fetched(Protocol):
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    cookies: tuple[tuple[str, str], ...]
    text: str
    truncated: bool

    @property
    def is_html(self) -> bool: ...


class Fetcher(Protocol):
    def __call__(self, url: str, *, max_bytes: int, deadline: float) -> Fetched: ...


@dataclass(frozen=True, slots=True)
class VisitedPage:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    size: int  # characters of text read
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class ScanResult:
    pages: tuple[VisitedPage, ...] = ()
    detections: tuple[Detection, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)  # URL → message for the member
    out_of_time: bool = False  # the deadline stopped the scan before it ran out of pages


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """Where a running scan is: pages read and refused so far, within its bounds."""

    pages: int
    failed: int
    max_pages: int
    elapsed: float
    deadline: float

    @property
    def percent(self) -> int:
        """How far along, 5–95: the further of pages against the page cap and time against
        the deadline (a scan ends at either, or sooner when the site has no more links)."""
        by_pages = (self.pages + self.failed) / self.max_pages if self.max_pages else 0
        by_time = self.elapsed / self.deadline if self.deadline else 0
        return max(5, min(95, round(100 * max(by_pages, by_time))))


def _tell(on_page, pages, failed, max_pages, elapsed, deadline) -> None:
    if on_page is not None:
        on_page(ScanProgress(pages, failed, max_pages, elapsed, deadline))


def scan_site(
    urls: Sequence[str],
    *,
    fetcher: Fetcher | None = None,
    max_pages: int = 20,
    max_bytes: int = 5 * MB,
    deadline: float = 30.0,
    clock: Callable[[], float] = time.monotonic,
    source: Catalogue | None = None,
    on_page: Callable[[ScanProgress], None] | None = None,
) -> ScanResult:
    """Fetch up to ``max_pages`` pages from ``urls`` and their same-site links, within
    ``deadline`` seconds in all, and detect technologies across them.

    ``fetcher`` defaults to the safe fetcher (``fetch.SafeFetcher``: public addresses only);
    it must share ``clock``'s time scale for the deadline. ``on_page`` hears after every
    address tried, read or not (the card's progress while the scan runs)."""
    if fetcher is None:
        from assessment.discovery.fetch import SafeFetcher  # Django settings: only if used

        fetcher = SafeFetcher(clock=clock)
    start = clock()
    end = start + deadline
    queue = deque(dict.fromkeys(u.strip() for u in urls if u.strip()))
    seen = set(queue)
    pages, parts, visited = [], [], []
    errors: dict[str, str] = {}
    out_of_time = False
    while queue and len(visited) < max_pages:
        if clock() >= end:
            out_of_time = True
            break
        url = queue.popleft()
        try:
            fetched = fetcher(url, max_bytes=max_bytes, deadline=end)
        except FetchError as error:  # one failed page never ends the scan
            errors[url] = error.message
            if error.code == "deadline":
                out_of_time = True
                break
            _tell(on_page, len(visited), len(errors), max_pages, clock() - start, deadline)
            continue
        visited.append(
            VisitedPage(url, fetched.url, fetched.status, len(fetched.text), fetched.truncated)
        )
        _tell(on_page, len(visited), len(errors), max_pages, clock() - start, deadline)
        if not fetched.is_html:
            continue
        page = Page(fetched.url, fetched.status, fetched.headers, fetched.cookies, fetched.text)
        page_parts = parse_html(page.html, page.url)
        pages.append(page)
        parts.append(page_parts)
        for link in same_site_links(page.url, page_parts.links):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    detections = detect(pages, source=source, parts=parts) if pages else []
    return ScanResult(tuple(visited), tuple(detections), errors, out_of_time)
