"""Merchant API keys: generation, hashing and verification. Secrets are never stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

Scope = Literal["admin", "agent"]
SCOPES: tuple[Scope, ...] = ("admin", "agent")
KEY_PREFIX = "sak"


@dataclass(frozen=True)
class GeneratedKey:
    """A new key: `secret` is shown once; `prefix` and `hash` are what the database keeps."""

    secret: str
    prefix: str
    hash: str


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a key (keys are high-entropy, so a fast hash is the right tool)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def generate_api_key() -> GeneratedKey:
    """A key of the form `sak_<lookup>_<secret>`; the lookup part finds the row."""
    lookup = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}_{lookup}_{secrets.token_urlsafe(32)}"
    return GeneratedKey(secret=secret, prefix=f"{KEY_PREFIX}_{lookup}", hash=hash_secret(secret))


def split_prefix(secret: str) -> str | None:
    """The lookup prefix of a presented key, or None when it is not shaped like one."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return f"{parts[0]}_{parts[1]}"


def verify_secret(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented key with the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def new_store_secret() -> str:
    """A per-store secret for signing customer tokens."""
    return secrets.token_urlsafe(48)
