"""Which URLs a store may send its webhooks to, and which addresses they may reach.

A webhook URL is chosen by a merchant, so a careless or hostile one could point deliveries at
this machine or its network (a cloud metadata service, a database port): a server-side request
forgery. Two checks stop that. When the URL is saved, a literal address (or `localhost`) that is
not public is refused. When a delivery is sent, the host name is resolved once, every address it
resolves to is checked, and the request goes to the checked address, so a name that re-resolves
to another address between check and connect (DNS rebinding) gains nothing. Hosts listed in
`webhook_allowed_hosts` skip the address check (a receiver on this machine in development).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from assistant.errors import DestinationRefusedError

MAX_URL_LENGTH = 500

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IpAddress]]

# Instance metadata services: link-local or private already, named for a clearer reason.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}


def _is_loopback_name(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_webhook_url(url: str) -> str:
    """The URL, trimmed, when it is well formed; ValueError saying why not otherwise.

    HTTPS is required, except plain HTTP to this machine (localhost, 127.0.0.0/8, ::1) for
    development: a signed body still travels in the clear over HTTP. Where the URL may point is
    `check_webhook_destination`'s question.
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"a webhook URL has at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError(f"not a URL: {url!r}") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError("a webhook URL looks like https://host/path")
    if parts.scheme == "http" and not _is_loopback_name(host):
        raise ValueError("a webhook URL must use https (http only to localhost)")
    if parts.username is not None or parts.password is not None:
        raise ValueError("put no credentials in a webhook URL; check the signature instead")
    if parts.fragment:
        raise ValueError("a webhook URL has no #fragment")
    if port == 0:
        raise ValueError("a webhook URL needs a real port")
    if any(ch.isspace() for ch in url):
        raise ValueError("a webhook URL has no spaces")
    return url


def refusal_reason(address: IpAddress) -> str | None:
    """Why deliveries may not go to this address, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in _METADATA:
        return "a cloud metadata address"
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for refused, reason in checks if refused), None)


def _host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host, parts.port or (443 if parts.scheme == "https" else 80)


def _allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    return host in {name.strip("[]").lower() for name in allowed_hosts}


def _refuse(host: str, address: str, reason: str) -> DestinationRefusedError:
    where = host if host == address else f"{host} ({address})"
    return DestinationRefusedError(
        f"webhook destination {where} is {reason}; list the host in "
        "SALES_ASSISTANT_WEBHOOK_ALLOWED_HOSTS to allow it",
        details={"host": host, "address": address},
    )


def check_webhook_destination(url: str, allowed_hosts: Collection[str] = ()) -> None:
    """Refuse a URL whose host is a literal non-public address or `localhost`, unless allowed.

    Names are resolved only when a delivery is sent (`resolve_destination`): what a name points
    at when it is saved says nothing about where it points later.
    """
    host, _port = _host_and_port(url)
    if _allowed(host, allowed_hosts):
        return
    if host == "localhost" or host.endswith(".localhost"):
        raise _refuse(host, host, "this machine")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    reason = refusal_reason(address)
    if reason is not None:
        raise _refuse(host, str(address), reason)


def system_resolver(host: str, port: int) -> list[IpAddress]:
    """Every address the system resolver gives for `host` (OSError when there is none)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IpAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


@dataclass(frozen=True)
class Destination:
    """Where one delivery connects: the checked address, and the name it stands for."""

    host: str
    port: int
    address: IpAddress


def resolve_destination(
    url: str, allowed_hosts: Collection[str] = (), resolver: Resolver = system_resolver
) -> Destination:
    """Resolve the URL's host once and check every address; DestinationRefusedError if any is
    not public (unless the host is allowed), OSError if the name does not resolve."""
    host, port = _host_and_port(url)
    addresses = resolver(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    if not _allowed(host, allowed_hosts):
        for address in addresses:
            reason = refusal_reason(address)
            if reason is not None:
                raise _refuse(host, str(address), reason)
    return Destination(host, port, addresses[0])
