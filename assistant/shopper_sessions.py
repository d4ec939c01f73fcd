"""Shopper sessions: a row per widget session and a signed, expiring token that names it.

The session token is a JWT (HS256, keyed by a hash of `Settings.secret_key`) with the claims
`sid` (session id), `store` (store id), `iat` and `exp` (`Settings.session_ttl_s` ahead). A
shopper becomes an identified customer when the merchant's backend signs a customer token: a JWT
(HS256, the store's `customer_token_secret`) with `sub` = the customer's external id and `exp`,
optionally `email`, `given_name` and `family_name`. An external id the store has not seen
creates the customer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.domain import Conversation, Customer, ShopperSession, Store, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.errors import AuthenticationError
from assistant.stores import get_store

ALGORITHM = "HS256"
TOKEN_TYPE = "shopper_session"


@dataclass(frozen=True)
class ShopperIdentity:
    """Who is calling: a shopper session of one store, maybe an identified customer."""

    store_id: str
    session_id: str
    customer_id: int | None


@dataclass(frozen=True)
class IssuedSession:
    """A new session and the token the widget sends back as `Authorization: Bearer`."""

    identity: ShopperIdentity
    token: str
    expires_at: datetime


def _session_key(settings: Settings) -> bytes:
    # A key of its own, derived from the service secret: full-length for HS256 and never the
    # same bytes as any other use of the secret.
    secret = settings.secret_key.get_secret_value().encode()
    return hashlib.sha256(b"sales-assistant/shopper-session\0" + secret).digest()


def issue_session_token(
    settings: Settings, session_id: str, store_id: str, *, issued_at: datetime, expires_at: datetime
) -> str:
    """Sign a session token."""
    claims = {
        "typ": TOKEN_TYPE,
        "sid": session_id,
        "store": store_id,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, _session_key(settings), algorithm=ALGORITHM)


def read_session_token(settings: Settings, token: str) -> tuple[str, str]:
    """The (session id, store id) of a valid, unexpired session token."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _session_key(settings),
            algorithms=[ALGORITHM],
            options={"require": ["sid", "store", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationError("the session token has expired; start a new session") from None
    except jwt.PyJWTError:
        raise AuthenticationError("the session token is not valid") from None
    if claims.get("typ") != TOKEN_TYPE:
        raise AuthenticationError("the session token is not valid")
    return str(claims["sid"]), str(claims["store"])


def identify_customer(session: Session, store: Store, customer_token: str) -> Customer:
    """The customer a merchant-signed token names, created when the store has not seen them."""
    try:
        claims: dict[str, Any] = jwt.decode(
            customer_token,
            store.customer_token_secret,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationError("the customer token has expired") from None
    except jwt.PyJWTError:
        raise AuthenticationError("the customer token is not valid for this store") from None
    external_id = str(claims["sub"]).strip()
    if not external_id or len(external_id) > 200:
        raise AuthenticationError("the customer token names no customer")
    customer = session.scalar(
        select(Customer).where(Customer.store_id == store.id, Customer.external_id == external_id)
    )
    if customer is None:
        customer = Customer(
            store_id=store.id,
            external_id=external_id,
            email=_claim(claims, "email", 320),
            first_name=_claim(claims, "given_name", 200),
            last_name=_claim(claims, "family_name", 200),
        )
        session.add(customer)
        session.flush()
    return customer


def _claim(claims: dict[str, Any], name: str, limit: int) -> str | None:
    value = claims.get(name)
    return str(value)[:limit] if isinstance(value, str) and value else None


def start_session(
    session: Session,
    settings: Settings,
    store_id: str,
    *,
    customer_token: str | None = None,
    locale: str | None = None,
    now: datetime | None = None,
) -> IssuedSession:
    """Create a shopper session in the store (identified when a customer token is given)."""
    store = get_store(session, store_id)
    now = now or utcnow()
    customer = identify_customer(session, store, customer_token) if customer_token else None
    expires_at = now + timedelta(seconds=settings.session_ttl_s)
    row = ShopperSession(
        store_id=store_id,
        customer_id=customer.id if customer else None,
        locale=locale,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    token = issue_session_token(settings, row.id, store_id, issued_at=now, expires_at=expires_at)
    return IssuedSession(
        identity=ShopperIdentity(store_id, row.id, row.customer_id),
        token=token,
        expires_at=expires_at,
    )


def resolve_session(
    session: Session, settings: Settings, token: str, *, now: datetime | None = None
) -> ShopperIdentity:
    """The identity behind a session token; the session must still exist and be unexpired."""
    session_id, store_id = read_session_token(settings, token)
    row = session.get(ShopperSession, session_id)
    if row is None or row.store_id != store_id:
        raise AuthenticationError("the session no longer exists; start a new session")
    if row.expires_at <= (now or utcnow()):
        raise AuthenticationError("the session has expired; start a new session")
    return ShopperIdentity(store_id, row.id, row.customer_id)


def identify_session(
    session: Session, identity: ShopperIdentity, customer_token: str
) -> ShopperIdentity:
    """Attach the customer a merchant-signed token names to an existing session."""
    store = get_store(session, identity.store_id)
    customer = identify_customer(session, store, customer_token)
    row = session.get_one(ShopperSession, identity.session_id)
    row.customer_id = customer.id
    return ShopperIdentity(identity.store_id, identity.session_id, customer.id)


def end_session(session: Session, session_id: str) -> None:
    """Delete a shopper session and what hangs on it (conversations, messages, handoffs, cart,
    webhooks about its conversations not yet sent); orders and events it left keep their rows
    without the session."""
    row = session.get(ShopperSession, session_id)
    if row is None:
        return
    conversations = set(
        session.scalars(select(Conversation.id).where(Conversation.session_id == session_id))
    )
    pending = session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.store_id == row.store_id,
            WebhookDelivery.status == "pending",
            WebhookDelivery.created_at >= row.created_at,
        )
    )
    for delivery in pending:
        if delivery.payload.get("conversation_id") in conversations:
            session.delete(delivery)
    session.delete(row)
