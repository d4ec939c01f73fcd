"""Signed links in cart reminders: back to the cart, and unsubscribe (no sign-in for either).

A token is `<id>.<signature>`: the signature is HMAC-SHA256, keyed by a hash of
`Settings.secret_key` of its own for each purpose, over the purpose, the store and the id. It
does not expire: an unsubscribe link must keep working as long as the e-mail that carries it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from assistant.config import Settings

Purpose = Literal["unsubscribe", "resume"]
_SIGNATURE_CHARS = 32
RESUME_PARAMETER = "sa_resume"


def _key(settings: Settings, purpose: Purpose) -> bytes:
    secret = settings.secret_key.get_secret_value().encode()
    return hashlib.sha256(f"sales-assistant/recovery-{purpose}\0".encode() + secret).digest()


def _signature(settings: Settings, purpose: Purpose, store_id: str, subject: str) -> str:
    message = f"{purpose}\0{store_id}\0{subject}".encode()
    digest = hmac.new(_key(settings, purpose), message, hashlib.sha256).hexdigest()
    return digest[:_SIGNATURE_CHARS]


def sign_link(settings: Settings, purpose: Purpose, store_id: str, subject: str) -> str:
    """A token naming `subject` (a customer id, a cart id) for `purpose` in one store."""
    return f"{subject}.{_signature(settings, purpose, store_id, subject)}"


def read_link(settings: Settings, purpose: Purpose, store_id: str, token: str) -> str | None:
    """The subject a valid token names, or None for a forged, altered or foreign one."""
    subject, _, signature = token.rpartition(".")
    if not subject or len(signature) != _SIGNATURE_CHARS:
        return None
    expected = _signature(settings, purpose, store_id, subject)
    return subject if hmac.compare_digest(expected, signature) else None


def unsubscribe_url(settings: Settings, store_id: str, customer_id: int, language: str) -> str:
    """The link that withdraws a customer's marketing consent at once."""
    token = sign_link(settings, "unsubscribe", store_id, str(customer_id))
    base = settings.public_base_url.rstrip("/")
    return f"{base}/v1/stores/{store_id}/unsubscribe/{token}?lang={language}"


def resume_url(settings: Settings, store_id: str, cart_id: str, page: str | None) -> str:
    """The shop page that embeds the widget, with the token that brings the cart back."""
    token = sign_link(settings, "resume", store_id, cart_id)
    target = page or f"{settings.public_base_url.rstrip('/')}/store/{store_id}"
    parts = urlsplit(target)
    query = "&".join(part for part in (parts.query, urlencode({RESUME_PARAMETER: token})) if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
