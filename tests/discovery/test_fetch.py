"""The safe fetcher: refusals (every hop), pinning, caps, the deadline, anonymous requests."""

import json

import pytest

from assessment.discovery.fetch import (
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    SafeFetcher,
    user_agent,
)

from .conftest import localhost_resolver

REFUSED = [
    ("http://127.0.0.1/", "loopback address"),
    ("http://10.0.0.1/", "private address"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata service"),
    ("http://[::1]/", "loopback address"),
    ("http://[::ffff:127.0.0.1]/", "loopback address"),
    ("http://100.64.1.1/", "carrier-grade NAT"),
    ("http://0.0.0.0/", "unspecified address"),
    ("http://[fe80::1]/", "link-local address"),
]
REFUSED_SCHEMES = ["ftp://example.com/file", "file:///etc/passwd", "gopher://example.com/"]


@pytest.mark.parametrize(("url", "label"), REFUSED)
def test_non_public_addresses_are_refused_before_connecting(url, label):
    fetcher = SafeFetcher(FetchPolicy(), resolver=localhost_resolver)
    with pytest.raises(FetchRefused) as refused:
        fetcher(url)
    assert label in refused.value.message
    assert "only public addresses are scanned" in refused.value.message


def test_a_name_that_resolves_to_a_private_address_is_refused_with_the_address():
    fetcher = SafeFetcher(FetchPolicy(), resolver=lambda host, port: ["10.0.0.5"])
    with pytest.raises(FetchRefused) as refused:
        fetcher("https://intranet.example.com/")
    assert refused.value.code == "private"
    assert "intranet.example.com resolves to a private address (10.0.0.5)" in (
        refused.value.message
    )


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    fetcher = SafeFetcher(FetchPolicy(), resolver=lambda host, port: ["8.8.8.8", "127.0.0.1"])
    with pytest.raises(FetchRefused, match="loopback address"):
        fetcher("http://mixed.example/")


def test_the_monkeypatched_module_resolver_is_used_by_default(monkeypatch):
    from assessment.discovery import fetch

    monkeypatch.setattr(fetch, "resolve", lambda host, port: ["192.168.0.7"])
    with pytest.raises(FetchRefused, match=r"private address \(192\.168\.0\.7\)"):
        fetch.SafeFetcher(FetchPolicy())("http://printer.example/")


@pytest.mark.parametrize("url", REFUSED_SCHEMES)
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchRefused, match="only http and https") as refused:
        SafeFetcher(FetchPolicy())(url)
    assert refused.value.code == "scheme"


def test_credentials_in_the_address_are_refused():
    with pytest.raises(FetchRefused, match="user name or password"):
        SafeFetcher(FetchPolicy())("http://user:pass@example.com/")


def test_the_allowed_list_lets_a_named_private_host_through(fetcher, site_url):
    page = fetcher(site_url + "/")
    assert page.status == 200
    assert page.address == "127.0.0.1"
    assert "Acme Widgets" in page.text
    assert page.header("server").strip() == "nginx/1.25.3"
    assert page.cookies == (("_ga", "GA1.1.1.1"),)


def test_the_allowed_list_never_lets_the_metadata_service_through():
    policy = FetchPolicy(allowed_private_hosts=frozenset({"metadata.internal"}))
    fetcher = SafeFetcher(policy, resolver=lambda host, port: ["169.254.169.254"])
    with pytest.raises(FetchRefused, match="cloud metadata service"):
        fetcher("http://metadata.internal/latest/meta-data/")


def test_allowed_domains_with_a_leading_dot_cover_their_subdomains():
    policy = FetchPolicy(allowed_private_hosts=frozenset({".corp.example", "wiki"}))
    assert policy.allows_private("intranet.corp.example")
    assert policy.allows_private("corp.example")
    assert policy.allows_private("WIKI.")
    assert not policy.allows_private("corp.example.evil.com")
    assert not policy.allows_private("notcorp.example")


REDIRECT_TARGETS = [t for t, _label in REFUSED] + REFUSED_SCHEMES


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_a_redirect_to_a_refused_address_is_refused(fetcher, site_url, target):
    with pytest.raises(FetchRefused) as refused:
        fetcher(f"{site_url}/redirect?to={target}")
    assert "redirected to" in refused.value.message
    assert target in refused.value.message


def test_a_redirect_to_a_name_resolving_privately_is_refused(site_url):
    def resolver(host, port):
        return ["127.0.0.1"] if host == "localhost" else ["10.9.8.7"]

    policy = FetchPolicy(allowed_private_hosts=frozenset({"localhost"}))
    with pytest.raises(FetchRefused, match=r"private address \(10\.9\.8\.7\)"):
        SafeFetcher(policy, resolver=resolver)(f"{site_url}/redirect?to=http://db.example/")


def test_redirects_within_the_site_are_followed(fetcher, site_url):
    page = fetcher(f"{site_url}/redirect?to=/contact.html")
    assert page.url == f"{site_url}/contact.html"
    assert page.redirects == (f"{site_url}/redirect?to=/contact.html",)
    assert "hbspt.forms.create" in page.text


def test_redirects_are_limited(fetcher, site_url):
    with pytest.raises(FetchFailed, match="redirected more than 5 times"):
        fetcher(f"{site_url}/loop")


def test_requests_are_anonymous_and_say_who_asks(fetcher, site_url):
    page = fetcher(f"{site_url}/cookie-then-echo")
    sent = {k.lower(): v for k, v in json.loads(page.text).items()}
    assert "cookie" not in sent  # the cookie set on the redirect is not sent back
    assert "authorization" not in sent
    assert sent["user-agent"] == user_agent()
    assert sent["host"] == f"localhost:{site_url.rsplit(':', 1)[1]}"  # the name, not the IP
    assert sent["accept-encoding"] == "identity"


def test_the_user_agent_is_honest():
    agent = user_agent()
    assert agent.startswith("Stackscope/")
    assert "(self-hosted;" in agent or "(+https://" in agent  # never an invented address
    assert agent.endswith("; website technology scan)")


def test_the_byte_cap_cuts_an_endless_body(fetcher, site_url):
    page = fetcher(f"{site_url}/forever", max_bytes=100_000)
    assert page.truncated
    assert len(page.body) == 100_000


def test_the_deadline_stops_a_slow_endless_body(site_url):
    policy = FetchPolicy(allowed_private_hosts=frozenset({"localhost"}), total_timeout=0.5)
    fetcher = SafeFetcher(policy, resolver=localhost_resolver)
    with pytest.raises(FetchFailed) as failed:
        fetcher(f"{site_url}/forever?slow=1", max_bytes=50_000_000)
    assert failed.value.code == "deadline"
    assert "did not answer in time" in failed.value.message


def test_the_deadline_stops_a_server_that_stops_answering(site_url):
    policy = FetchPolicy(allowed_private_hosts=frozenset({"localhost"}), total_timeout=0.5)
    fetcher = SafeFetcher(policy, resolver=localhost_resolver)
    with pytest.raises(FetchFailed) as failed:
        fetcher(f"{site_url}/stall")
    assert failed.value.code == "deadline"


def test_the_setting_names_the_allowed_hosts(allow_localhost, site_url):
    page = SafeFetcher(resolver=localhost_resolver)(site_url + "/")
    assert page.status == 200


def test_without_the_setting_localhost_is_refused(settings, site_url):
    settings.DISCOVERY_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(FetchRefused, match=r"localhost resolves to a loopback address"):
        SafeFetcher(resolver=localhost_resolver)(site_url + "/")


def test_an_unknown_host_fails_clearly():
    with pytest.raises(FetchFailed, match="could not be found"):
        SafeFetcher(FetchPolicy(), resolver=lambda host, port: [])("http://nowhere.example/")


def test_non_ascii_paths_are_percent_encoded(fetcher, site_url):
    page = fetcher(site_url + "/contäct page.html?q=crème")
    assert page.status == 404  # asked for /cont%C3%A4ct%20page.html: no crash, a plain 404


def test_a_resolver_that_breaks_is_a_clear_failure():
    def broken(host, port):
        raise UnicodeError("label too long")

    with pytest.raises(FetchFailed, match="could not be found"):
        SafeFetcher(FetchPolicy(), resolver=broken)("http://broken.example/")
