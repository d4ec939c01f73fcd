"""Shopper sessions: a row per widget session and a signed, expiring token that names it.

The session token is a JWT (HS256, keyed by a hash of `Settings.secret_key`) with the claims
`sid` (session id), `store` (store id), `iat` and `exp` (`Settings.session_ttl_s` ahead). A
shopper becomes an identified customer when the merchant's backend signs a customer token: a JWT
(HS256, the store's `customer_token_secret`) with `sub` = the customer's external id and `exp`,
optionally `email`, `given_name` and `family_name`. An external id the store has not seen
creates the customer.

A browser whose token expired may present it when it starts its next session (a token still
valid gives no more than it already does, so only its age is checked): within
`Settings.session_renewal_window_s` of the expiry, and once per expired session, the new
session records that it took over the old one (`renewed_from`), so what waits for the old
session (a reminder of a cart it left) reaches the same browser. Nothing is copied from the old
session but the shopper's own choice to silence the guide; an identified session is taken over
only by a session of the same customer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from assistant.config import Settings
from assistant.domain import (
    Conversation,
    Customer,
    GuideOptOut,
    ShopperSession,
    Store,
    WebhookDelivery,
)
from assistant.domain.base import utcnow
from assistant.errors import AuthenticationError
from assistant.stores import get_store

ALGORITHM = "HS256"
TOKEN_TYPE = "shopper_session"
# How far back a chain of renewals is followed (a browser back after months of daily visits).
MAX_RENEWALS = 60


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


def read_renewable_session_token(
    settings: Settings, token: str, *, now: datetime
) -> tuple[str, str] | None:
    """The (session id, store id) of a genuine session token that expired no longer than
    `Settings.session_renewal_window_s` ago (or has not expired: the browser's clock decides
    when it asks); None for a forged, foreign or too old one."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _session_key(settings),
            algorithms=[ALGORITHM],
            options={"require": ["sid", "store", "exp"], "verify_exp": False},
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != TOKEN_TYPE or not isinstance(claims.get("exp"), int):
        return None
    expired = datetime.fromtimestamp(claims["exp"], tz=now.tzinfo)
    if expired < now - timedelta(seconds=settings.session_renewal_window_s):
        return None
    return str(claims["sid"]), str(claims["store"])


def _renewable(
    session: Session,
    settings: Settings,
    store_id: str,
    previous_token: str,
    customer_id: int | None,
    now: datetime,
) -> ShopperSession | None:
    """The expired session the token names, when this new session may take it over."""
    read = read_renewable_session_token(settings, previous_token, now=now)
    if read is None or read[1] != store_id:
        return None
    old = session.get(ShopperSession, read[0])
    if old is None or old.store_id != store_id:
        return None
    if old.customer_id is not None and old.customer_id != customer_id:
        return None
    taken = session.scalar(
        select(ShopperSession.id).where(ShopperSession.renewed_from == old.id).limit(1)
    )
    return old if taken is None else None


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
    previous_token: str | None = None,
    now: datetime | None = None,
) -> IssuedSession:
    """Create a shopper session in the store (identified when a customer token is given),
    taking over the expired session of `previous_token` when it may."""
    store = get_store(session, store_id)
    now = now or utcnow()
    customer = identify_customer(session, store, customer_token) if customer_token else None
    customer_id = customer.id if customer else None
    old = (
        _renewable(session, settings, store_id, previous_token, customer_id, now)
        if previous_token
        else None
    )
    expires_at = now + timedelta(seconds=settings.session_ttl_s)
    row = ShopperSession(
        store_id=store_id,
        customer_id=customer_id,
        locale=locale,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    if old is not None:
        _take_over(session, row, old, now)
    token = issue_session_token(settings, row.id, store_id, issued_at=now, expires_at=expires_at)
    return IssuedSession(
        identity=ShopperIdentity(store_id, row.id, row.customer_id),
        token=token,
        expires_at=expires_at,
    )


def _take_over(session: Session, row: ShopperSession, old: ShopperSession, now: datetime) -> None:
    """Record the renewal; a second renewal of the same old session at the same moment loses
    the unique constraint and the new session simply starts afresh."""
    try:
        with session.begin_nested():
            row.renewed_from = old.id
            session.flush()
    except IntegrityError:
        row.renewed_from = None
        return
    silenced = session.scalar(
        select(GuideOptOut.id).where(GuideOptOut.session_id == old.id).limit(1)
    )
    if silenced is not None:
        session.add(
            GuideOptOut(
                store_id=row.store_id,
                session_id=row.id,
                customer_id=row.customer_id,
                created_at=now,
            )
        )
        session.flush()


def earlier_sessions(session: Session, session_id: str) -> list[str]:
    """The sessions this one took over, newest first (at most `MAX_RENEWALS` back), read in one
    recursive query rather than one query per renewal."""
    older = aliased(ShopperSession)
    chain = (
        select(ShopperSession.renewed_from.label("sid"), literal(1).label("depth"))
        .where(ShopperSession.id == session_id)
        .cte("renewal_chain", recursive=True)
    )
    chain = chain.union_all(
        select(older.renewed_from, chain.c.depth + 1)
        .join(chain, older.id == chain.c.sid)
        .where(chain.c.depth < MAX_RENEWALS)
    )
    found: list[str] = []
    for sid in session.scalars(
        select(chain.c.sid).where(chain.c.sid.is_not(None)).order_by(chain.c.depth)
    ):
        if sid in found:  # a loop in the chain (never written, but never followed twice)
            break
        found.append(sid)
    return found


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
