"""Where a log-in attempt comes from, and the proxy settings (issue 11, item 7)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.env import proxy_settings
from core.security import client_ip, forwarded_client_ip
from core.testing.factories import TEST_PASSWORD, MembershipFactory

# --- the settings, from the environment ------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "debug", "header", "count"),
    [
        ({}, False, ("HTTP_X_FORWARDED_PROTO", "https"), 1),  # production default: proxy
        ({}, True, None, 0),  # `make demo` / runserver: no proxy
        ({"BEHIND_HTTPS_PROXY": "0"}, False, None, 0),
        ({"BEHIND_HTTPS_PROXY": "0", "PROXY_COUNT": "2"}, False, None, 0),
        ({"BEHIND_HTTPS_PROXY": "1"}, True, ("HTTP_X_FORWARDED_PROTO", "https"), 1),
        ({"PROXY_COUNT": "2"}, False, ("HTTP_X_FORWARDED_PROTO", "https"), 2),
    ],
)
def test_one_setting_describes_the_proxy(monkeypatch, env, debug, header, count):
    monkeypatch.delenv("BEHIND_HTTPS_PROXY", raising=False)
    monkeypatch.delenv("PROXY_COUNT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert proxy_settings(debug=debug) == {
        "SECURE_PROXY_SSL_HEADER": header,
        "STACKSCOPE_PROXY_COUNT": count,
    }


def test_a_proxy_count_of_zero_behind_a_proxy_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("BEHIND_HTTPS_PROXY", "1")
    monkeypatch.setenv("PROXY_COUNT", "0")
    with pytest.raises(ImproperlyConfigured, match="PROXY_COUNT"):
        proxy_settings(debug=False)


# --- the client address --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        # The client may send its own X-Forwarded-For: only what the proxy appended counts.
        ("1.2.3.4, 203.0.113.5", 1, "203.0.113.5"),
        ("1.2.3.4,203.0.113.5 , 10.0.0.2", 2, "203.0.113.5"),
        ("2001:db8::1", 1, "2001:db8::1"),
        ("203.0.113.5", 2, "203.0.113.5"),  # fewer hops than proxies: the first one
        ("", 1, None),
        ("not-an-address", 1, None),
        ("1.2.3.4, garbage", 1, None),
    ],
)
def test_forwarded_client_ip(header, count, expected):
    meta = {"HTTP_X_FORWARDED_FOR": header} if header else {}
    assert forwarded_client_ip(meta, proxy_count=count) == expected


def test_client_ip_reads_x_forwarded_for_only_behind_the_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
    )
    settings.STACKSCOPE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"
    settings.STACKSCOPE_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    # Behind the proxy, a request without the header (a health check) is its peer.
    settings.STACKSCOPE_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


# --- throttling through the log-in page ---------------------------------------------------------


def _login(client, email, password, forwarded=None):
    extra = {"REMOTE_ADDR": "10.0.0.1"}  # every request comes through the proxy's address
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


@pytest.mark.django_db
def test_behind_the_proxy_clients_are_throttled_separately(client, settings):
    """Five bad passwords from one address do not lock the account for everyone."""
    settings.STACKSCOPE_PROXY_COUNT = 1
    MembershipFactory(user__email="shared@x.example")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "shared@x.example", "wrong", forwarded="203.0.113.5")
    assert response.status_code == 429
    response = _login(client, "shared@x.example", TEST_PASSWORD, forwarded="198.51.100.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_x_forwarded_for_does_not_escape(client, settings):
    """The attacker's own X-Forwarded-For entries are left of the proxy's: ignored."""
    settings.STACKSCOPE_PROXY_COUNT = 1
    MembershipFactory(user__email="target@x.example")
    for index in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "target@x.example", "wrong", forwarded=f"192.0.2.{index}, 203.0.113.5")
    response = _login(
        client, "target@x.example", TEST_PASSWORD, forwarded="192.0.2.99, 203.0.113.5"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_without_a_proxy_a_spoofed_x_forwarded_for_does_not_escape(client, settings):
    settings.STACKSCOPE_PROXY_COUNT = 0
    MembershipFactory(user__email="target@x.example")
    for index in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "target@x.example", "wrong", forwarded=f"198.51.100.{index}")
    response = _login(client, "target@x.example", TEST_PASSWORD, forwarded="198.51.100.200")
    assert response.status_code == 429
