"""Which addresses a scan may reach: public ones only, IPv4 hidden in IPv6 included."""

import ipaddress

import pytest

from assessment.discovery import addresses as a


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("127.0.0.1", a.LOOPBACK),
        ("127.8.9.10", a.LOOPBACK),
        ("::1", a.LOOPBACK),
        ("10.0.0.1", a.PRIVATE),
        ("172.16.5.4", a.PRIVATE),
        ("192.168.1.1", a.PRIVATE),
        ("fd12:3456::1", a.PRIVATE),
        ("169.254.169.254", a.METADATA),
        ("fd00:ec2::254", a.METADATA),
        ("100.100.100.200", a.METADATA),
        ("169.254.1.1", a.LINK_LOCAL),
        ("fe80::1", a.LINK_LOCAL),
        ("100.64.0.1", a.SHARED),
        ("0.0.0.0", a.UNSPECIFIED),
        ("::", a.UNSPECIFIED),
        ("224.0.0.1", a.MULTICAST),
        ("ff02::1", a.MULTICAST),
        ("240.0.0.1", a.RESERVED),
        ("255.255.255.255", a.RESERVED),
        # IPv4 inside IPv6 is judged as the IPv4 address
        ("::ffff:127.0.0.1", a.LOOPBACK),
        ("::ffff:10.0.0.1", a.PRIVATE),
        ("::ffff:169.254.169.254", a.METADATA),
        ("2002:7f00:1::", a.LOOPBACK),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:1", a.PRIVATE),  # NAT64 of 10.0.0.1
        # public
        ("93.184.215.14", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_class(text, kind):
    assert a.address_class(ipaddress.ip_address(text)) == kind


def test_parse_address_takes_brackets_and_zones_and_refuses_names():
    assert a.parse_address("[::1]") == ipaddress.ip_address("::1")
    assert a.parse_address("fe80::1%eth0") == ipaddress.ip_address("fe80::1")
    assert a.parse_address("example.com") is None
