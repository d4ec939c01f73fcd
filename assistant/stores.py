"""Creating stores and their API keys, and authenticating a presented key."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import ApiKey, Store
from assistant.domain.base import utcnow
from assistant.domain.store_settings import StoreSettings
from assistant.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from assistant.security import (
    SCOPES,
    Scope,
    generate_api_key,
    new_store_secret,
    split_prefix,
    verify_secret,
)

STORE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


def create_store(
    session: Session,
    store_id: str,
    name: str,
    *,
    currency: str = "USD",
    locale: str = "en-US",
    timezone: str = "UTC",
    settings: dict[str, Any] | None = None,
) -> Store:
    """Add a store; its id is a lowercase slug that appears in widget snippets."""
    if not STORE_ID_PATTERN.match(store_id):
        raise InvalidInputError(
            "store id must be 2-63 characters of lowercase letters, digits and '-'",
            details={"store_id": store_id},
        )
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise InvalidInputError("currency must be a three-letter ISO 4217 code")
    if session.get(Store, store_id) is not None:
        raise ConflictError(f"store {store_id!r} already exists")
    try:
        StoreSettings.model_validate(settings or {})
    except ValidationError as error:
        raise InvalidInputError(
            "invalid store settings",
            details={"errors": error.errors(include_url=False, include_context=False)},
        ) from None
    store = Store(
        id=store_id,
        name=name,
        currency=currency,
        locale=locale,
        timezone=timezone,
        # Only what was set is stored: defaults live in StoreSettings.
        settings=dict(settings or {}),
        customer_token_secret=new_store_secret(),
    )
    session.add(store)
    session.flush()
    return store


def get_store(session: Session, store_id: str) -> Store:
    """The store, or NotFoundError."""
    store = session.get(Store, store_id)
    if store is None:
        raise NotFoundError(f"no store {store_id!r}")
    return store


def create_api_key(
    session: Session, store_id: str, name: str, scopes: Sequence[str]
) -> tuple[ApiKey, str]:
    """Add a key to a store; returns the row and the secret, which is never shown again."""
    get_store(session, store_id)
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise InvalidInputError(
            f"scopes must be a non-empty subset of {list(SCOPES)}", details={"unknown": unknown}
        )
    generated = generate_api_key()
    key = ApiKey(
        store_id=store_id,
        name=name,
        prefix=generated.prefix,
        key_hash=generated.hash,
        scopes=sorted(set(scopes)),
    )
    session.add(key)
    session.flush()
    return key, generated.secret


def authenticate_api_key(session: Session, secret: str, *, needs: Scope | None = None) -> ApiKey:
    """The live key matching `secret`, checked for scope; `admin` implies `agent`."""
    prefix = split_prefix(secret)
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix)) if prefix else None
    if key is None or key.revoked_at is not None or not verify_secret(secret, key.key_hash):
        raise AuthenticationError("invalid or revoked API key")
    if needs is not None and needs not in key.scopes and "admin" not in key.scopes:
        raise PermissionDeniedError(f"this key lacks the {needs!r} scope")
    key.last_used_at = utcnow()
    return key


def replace_named_key(
    session: Session, store_id: str, name: str, scopes: Sequence[str]
) -> tuple[ApiKey, str]:
    """Revoke the store's live keys called `name` and create a fresh one (used by the demo, which
    prints a new console key on every start)."""
    for old in session.scalars(
        select(ApiKey).where(
            ApiKey.store_id == store_id, ApiKey.name == name, ApiKey.revoked_at.is_(None)
        )
    ):
        old.revoked_at = utcnow()
    return create_api_key(session, store_id, name, scopes)
