"""The scan: pages and links within bounds, errors per URL, detections mapped to the taxonomy."""

from dataclasses import dataclass

from assessment.discovery import catalogue, category_map
from assessment.discovery.errors import FetchFailed, FetchRefused
from assessment.discovery.fetch import FetchPolicy, SafeFetcher
from assessment.discovery.scan import scan_site
from assessment.inventory_core.taxonomy import load_taxonomy

from .conftest import localhost_resolver

FIVE = {
    "google-tag-manager": "ipaas_integration_tag_management",
    "google-analytics": "mobile_web_analytics",
    "hubspot": "marketing_automation",
    "hotjar": "mobile_web_analytics",
    "facebook-pixel": "mobile_web_analytics",
}


def test_the_local_test_site_shows_all_five_marketing_tools(allow_localhost, site_url):
    result = scan_site([site_url + "/"], fetcher=SafeFetcher(resolver=localhost_resolver))
    visited = [p.final_url for p in result.pages]
    assert visited == [site_url + "/", site_url + "/contact.html"]  # not the PDF, not elsewhere
    assert result.errors == {}
    detected = {d.slug: d for d in result.detections}
    subcategories = {s.key for s in load_taxonomy().subcategories}
    for slug, subcategory in FIVE.items():
        assert slug in detected, slug
        mapped = category_map.subcategory_for(catalogue.get(slug).categories)
        assert mapped == subcategory
        assert mapped in subcategories
    assert "nginx" in detected  # from the Server header


def test_the_default_fetcher_takes_the_setting(allow_localhost, site_url, monkeypatch):
    from assessment.discovery import fetch

    monkeypatch.setattr(fetch, "resolve", localhost_resolver)
    result = scan_site([site_url + "/"])
    assert {"hubspot", "hotjar"} <= {d.slug for d in result.detections}


def test_a_refused_start_address_is_an_error_for_that_url(site_url):
    fetcher = SafeFetcher(FetchPolicy(), resolver=localhost_resolver)
    result = scan_site(["http://10.0.0.1/", "http://169.254.169.254/"], fetcher=fetcher)
    assert result.pages == ()
    assert result.detections == ()
    assert "private address" in result.errors["http://10.0.0.1/"]
    assert "cloud metadata service" in result.errors["http://169.254.169.254/"]


@dataclass
class StubPage:
    url: str
    status: int = 200
    headers: tuple = ()
    cookies: tuple = ()
    text: str = ""
    truncated: bool = False
    is_html: bool = True


class StubSite:
    """Every page links to ten more; the clock moves ``step`` seconds per fetch."""

    def __init__(self, step: float = 0.0, fail: str = ""):
        self.now, self.step, self.fail, self.asked = 0.0, step, fail, []

    def clock(self) -> float:
        return self.now

    def __call__(self, url: str, *, max_bytes: int, deadline: float) -> StubPage:
        self.asked.append((url, max_bytes, deadline))
        self.now += self.step
        if url == self.fail:
            raise FetchFailed(url, "connection", "could not be read")
        n = len(self.asked)
        links = "".join(f'<a href="/p{n}-{i}">x</a>' for i in range(10))
        return StubPage(url, text=f"<html><body>{links}</body></html>")


def test_at_most_max_pages_are_fetched():
    site = StubSite()
    result = scan_site(["https://acme.example/"], fetcher=site, clock=site.clock)
    assert len(result.pages) == 20
    assert len(site.asked) == 20
    assert not result.out_of_time
    assert len(scan_site(["https://acme.example/"], fetcher=StubSite(), max_pages=3).pages) == 3


def test_the_deadline_is_shared_by_all_pages_and_the_byte_cap_passed_on():
    site = StubSite(step=10.0)
    result = scan_site(["https://acme.example/"], fetcher=site, clock=site.clock)
    assert len(result.pages) == 3  # at 0, 10 and 20 s; at 30 s the scan stops
    assert result.out_of_time
    assert {deadline for _url, _cap, deadline in site.asked} == {30.0}
    assert {cap for _url, cap, _deadline in site.asked} == {5 * 1024 * 1024}


def test_one_failed_page_does_not_end_the_scan():
    site = StubSite(fail="https://acme.example/broken")
    result = scan_site(
        ["https://acme.example/broken", "https://acme.example/"], fetcher=site, max_pages=2
    )
    assert result.errors == {"https://acme.example/broken": "could not be read"}
    assert [p.url for p in result.pages] == ["https://acme.example/", "https://acme.example/p2-0"]


def test_a_deadline_failure_stops_the_scan():
    class Slow(StubSite):
        def __call__(self, url, *, max_bytes, deadline):
            raise FetchFailed(url, "deadline", "did not answer in time")

    result = scan_site(["https://a.example/", "https://b.example/"], fetcher=Slow())
    assert result.out_of_time
    assert list(result.errors) == ["https://a.example/"]


def test_refusals_are_recorded_with_their_message():
    class Refusing(StubSite):
        def __call__(self, url, *, max_bytes, deadline):
            raise FetchRefused(url, "private", "resolves to a private address (10.0.0.5)")

    result = scan_site(["https://a.example/"], fetcher=Refusing())
    assert result.errors == {"https://a.example/": "resolves to a private address (10.0.0.5)"}


def test_progress_is_told_after_every_address_tried():
    site = StubSite(step=1.0, fail="https://acme.example/broken")
    heard = []
    scan_site(
        ["https://acme.example/broken", "https://acme.example/"],
        fetcher=site,
        clock=site.clock,
        max_pages=4,
        on_page=heard.append,
    )
    assert [(p.pages, p.failed) for p in heard] == [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1)]
    assert [p.percent for p in heard] == [25, 50, 75, 95, 95]


def test_progress_follows_time_when_the_deadline_is_nearer_than_the_page_cap():
    from assessment.discovery.scan import ScanProgress

    assert ScanProgress(1, 0, 20, 15.0, 30.0).percent == 50
    assert ScanProgress(0, 0, 20, 0.0, 30.0).percent == 5
    assert ScanProgress(20, 0, 20, 1.0, 30.0).percent == 95
