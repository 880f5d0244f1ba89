"""Which network addresses a website scan may connect to: public ones only.

A scan fetches addresses that a member typed, from inside our network; without this check
it could read the cloud's metadata service (credentials), the database or an intranet page
(server-side request forgery). ``address_class`` names why an address is refused, so the
message can say so; IPv4 addresses hidden in IPv6 (mapped, 6to4, NAT64, Teredo) are judged
as the IPv4 address they carry.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA = "metadata"
LOOPBACK = "loopback"
UNSPECIFIED = "unspecified"
LINK_LOCAL = "link-local"
SHARED = "shared"  # carrier-grade NAT, 100.64.0.0/10
PRIVATE = "private"
MULTICAST = "multicast"
RESERVED = "reserved"

#: Cloud metadata services: AWS, GCP, Azure, OpenStack (169.254.169.254), AWS over IPv6,
#: Alibaba Cloud (100.100.100.200), Oracle Cloud (192.0.0.192).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_address(text: str) -> IPAddress | None:
    """The address if ``text`` is an IP literal (brackets and a zone index allowed)."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64)."""
    if address.version == 4:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_class(address: IPAddress) -> str | None:
    """Why the address is not a public one (one of the constants above), or None."""
    inner = embedded_ipv4(address)
    if inner is not None:
        return address_class(inner)
    if address in METADATA_ADDRESSES:
        return METADATA
    if address.is_loopback:
        return LOOPBACK
    if address.is_unspecified:
        return UNSPECIFIED
    if address.is_link_local:
        return LINK_LOCAL
    if address.version == 4 and address in _SHARED:
        return SHARED
    if address.is_multicast:
        return MULTICAST
    if address.is_reserved:
        return RESERVED
    if address.is_private:
        return PRIVATE
    if not address.is_global:
        return RESERVED
    return None
