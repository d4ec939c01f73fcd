"""Signing webhook bodies, and the check a merchant's receiver runs on them.

A delivery carries `X-Sales-Assistant-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
HMAC-SHA256 with the store's webhook secret over `f"{t}.{body}"`. Binding the timestamp into the
signature lets a receiver refuse replays older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "X-Sales-Assistant-Signature"
EVENT_HEADER = "X-Sales-Assistant-Event"
DELIVERY_HEADER = "X-Sales-Assistant-Delivery"
SECRET_PREFIX = "whsec_"


def new_webhook_secret() -> str:
    """A fresh signing secret for one store."""
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def sign(secret: str, timestamp: int, body: bytes | str) -> str:
    """HMAC-SHA256 hex digest of `f"{timestamp}.{body}"` keyed with `secret`."""
    message = f"{timestamp}.".encode() + _as_bytes(body)
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes | str) -> str:
    """The value of the signature header for one body sent at `timestamp`."""
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify_signature(
    secret: str,
    header: str | None,
    body: bytes | str,
    tolerance_s: int = 300,
    *,
    now: float | None = None,
) -> bool:
    """True when `header` signs exactly `body` with `secret` within `tolerance_s` of now.

    `body` must be the raw request body as received, before any JSON parsing. A malformed
    header, a stale or future timestamp and a wrong digest all give False.
    """
    return signature_problem(secret, header, body, tolerance_s, now=now) is None


def signature_problem(
    secret: str,
    header: str | None,
    body: bytes | str,
    tolerance_s: int = 300,
    *,
    now: float | None = None,
) -> str | None:
    """Why `header` does not sign `body` with `secret` within `tolerance_s` of now, in words a
    sender can act on; None when it does. The digests are compared in constant time."""
    if not header:
        return "the signature header is missing"
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields.setdefault(name, []).append(value)
    stamps = fields.get("t", [])
    if len(stamps) != 1 or not stamps[0].isdigit() or not fields.get("v1"):
        return "the signature header must read t=<unix seconds>,v1=<hex digest>"
    timestamp = int(stamps[0])
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        return f"the signed timestamp is more than {tolerance_s} s from now (expired or replayed)"
    expected = sign(secret, timestamp, body).encode()
    # Bytes, not str: compare_digest refuses a str with non-ASCII characters.
    given = [value.encode("utf-8", "surrogateescape") for value in fields["v1"]]
    if not any(hmac.compare_digest(expected, digest) for digest in given):
        return "the signature does not match the body (wrong secret, or the body was changed)"
    return None
