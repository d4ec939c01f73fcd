"""Which URLs a store may send its webhooks to."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

MAX_URL_LENGTH = 500


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_webhook_url(url: str) -> str:
    """The URL, trimmed, when deliveries may go there; ValueError saying why not otherwise.

    HTTPS is required, except plain HTTP to this machine (localhost, 127.0.0.0/8, ::1) for
    development: a signed body still travels in the clear over HTTP.
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
    if parts.scheme == "http" and not _is_loopback(host):
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
