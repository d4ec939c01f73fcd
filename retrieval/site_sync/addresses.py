"""Which addresses a site fetch may connect to.

A store's site URLs are typed by a merchant, so, as for webhooks (`assistant.webhooks.urls`),
a fetch resolves the host once, refuses loopback, private, link-local and metadata addresses,
and connects to the address it checked. Hosts listed in `site_sync_allowed_hosts` skip the
address check (a shop served from this machine or a private network, and the tests).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from assistant.errors import DestinationRefusedError
from assistant.webhooks.urls import IpAddress, Resolver, refusal_reason

ALLOW_SETTING = "SALES_ASSISTANT_SITE_SYNC_ALLOWED_HOSTS"


@dataclass(frozen=True)
class Destination:
    """Where one request connects: the checked address, and the host name it stands for."""

    host: str
    port: int
    address: IpAddress


def destination(url: str, allowed_hosts: Collection[str], resolver: Resolver) -> Destination:
    """Resolve the URL's host and check every address it has.

    Raises:
        DestinationRefusedError: an address is not public and the host is not allowed.
        OSError: the name does not resolve.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolver(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    if host not in {name.strip("[]").lower() for name in allowed_hosts}:
        for address in addresses:
            reason = refusal_reason(address)
            if reason is not None:
                where = host if host == str(address) else f"{host} ({address})"
                raise DestinationRefusedError(
                    f"site address {where} is {reason}; list the host in {ALLOW_SETTING} "
                    "to sync it",
                    details={"host": host, "address": str(address)},
                )
    return Destination(host, port, addresses[0])
