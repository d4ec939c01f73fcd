"""Sending due webhook deliveries: claim, sign, POST, then record the outcome.

Every API process runs `deliver_due` on a timer, so rows are claimed with a conditional update:
a claim pushes `next_attempt_at` past the send timeout (a lease) and counts the attempt, and only
the process whose update matched the row as still due sends it. A process that dies mid-send
leaves the row to be claimed again when the lease runs out, so a receiver may, rarely, see one
delivery twice: the `X-Sales-Assistant-Delivery` header is there to dedupe on.

Each send resolves the store's URL and connects to the address it checked (`urls`); a URL that
leads to this machine or a private network is marked failed at once, with the reason, since
retrying cannot change the answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
from sqlalchemy import select, update

from assistant import __version__
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Store, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.domain.store_settings import parse_settings
from assistant.errors import DestinationRefusedError
from assistant.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    signature_header,
)
from assistant.webhooks.urls import Resolver, resolve_destination, system_resolver

log = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt; the last one repeats if more attempts are allowed.
BACKOFF_S = (10, 30, 120, 600, 3600)
# How long past the send timeout a claim holds a row before another process may take it.
LEASE_MARGIN_S = 60
ERROR_CHARS = 300

Outcome = Literal["delivered", "retried", "failed"]


@dataclass
class DeliveryReport:
    """What one `deliver_due` run did."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """Deliveries claimed and tried in this run."""
        return self.delivered + self.retried + self.failed


@dataclass(frozen=True)
class _Attempt:
    """Why a send failed, and whether trying again could help."""

    error: str
    permanent: bool = False


@dataclass(frozen=True)
class _Claim:
    id: int
    store_id: str
    event: str
    url: str | None
    secret: str | None
    payload: Mapping[str, Any]
    attempts: int


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return timedelta(seconds=BACKOFF_S[min(max(attempts, 1), len(BACKOFF_S)) - 1])


def webhook_body(
    settings: Settings, delivery_id: int, event: str, store_id: str, payload: Mapping[str, Any]
) -> bytes:
    """The exact bytes POSTed (and signed): the envelope, the event's fields, a console link."""
    document: dict[str, Any] = {
        "event": event,
        "delivery_id": delivery_id,
        "store_id": store_id,
        **payload,
    }
    conversation_id = payload.get("conversation_id")
    if conversation_id:
        base = settings.public_base_url.rstrip("/")
        document["console_url"] = f"{base}/console#{conversation_id}"
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def deliver_due(
    database: Database,
    settings: Settings,
    now: datetime | None = None,
    limit: int = 50,
    resolver: Resolver = system_resolver,
) -> DeliveryReport:
    """Send up to `limit` deliveries that are due, one after another, and record each outcome.

    `now` pins the clock (tests); by default the current time is read as each step happens.
    `resolver` turns host names into addresses (tests give names without asking DNS).
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    claims = _claim_due(database, settings, clock(), limit)
    report = DeliveryReport()
    if not claims:
        return report
    with httpx.Client(
        timeout=settings.webhook_timeout_s,
        follow_redirects=False,
        headers={"User-Agent": f"sales-assistant/{__version__} webhooks"},
    ) as client:
        for claim in claims:
            attempt = _send(client, settings, claim, clock(), resolver)
            outcome = _record(database, settings, claim, attempt, clock())
            if outcome == "delivered":
                report.delivered += 1
            elif outcome == "retried":
                report.retried += 1
            elif outcome == "failed":
                report.failed += 1
    return report


def _claim_due(database: Database, settings: Settings, now: datetime, limit: int) -> list[_Claim]:
    lease_until = now + timedelta(seconds=settings.webhook_timeout_s + LEASE_MARGIN_S)
    due = (WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
    # Look first without taking a write lock: most runs find nothing to do.
    with database.session() as session:
        candidates = session.scalars(
            select(WebhookDelivery.id)
            .where(*due)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        ).all()
    if not candidates:
        return []
    with database.transaction() as session:
        claimed: list[int] = []
        for delivery_id in candidates:
            # Matches only while the row is still due: a process that claimed it first has
            # already moved next_attempt_at past `now`, so this one skips it.
            result = session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery_id, *due)
                .values(next_attempt_at=lease_until, attempts=WebhookDelivery.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 1:
                claimed.append(delivery_id)
        if not claimed:
            return []
        rows = session.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.store_id,
                WebhookDelivery.event,
                WebhookDelivery.payload,
                WebhookDelivery.attempts,
                Store.settings,
            )
            .join(Store, Store.id == WebhookDelivery.store_id)
            .where(WebhookDelivery.id.in_(claimed))
            .order_by(WebhookDelivery.id)
        ).all()
    return [
        _Claim(
            id=row.id,
            store_id=row.store_id,
            event=row.event,
            # The store's URL and secret as they are now: a fixed URL or a rotated secret
            # applies to retries too, and a removed URL stops them.
            url=parse_settings(row.settings).webhook_url or None,
            secret=parse_settings(row.settings).webhook_secret or None,
            payload=row.payload or {},
            attempts=row.attempts,
        )
        for row in rows
    ]


def _send(
    client: httpx.Client, settings: Settings, claim: _Claim, now: datetime, resolver: Resolver
) -> _Attempt | None:
    """POST one delivery; None on a 2xx answer, otherwise why it failed."""
    if claim.url is None:
        return _Attempt("the store no longer has a webhook URL")
    if claim.secret is None:
        return _Attempt(
            "the store has no webhook signing secret: POST settings/webhook-secret to make one"
        )
    try:
        destination = resolve_destination(claim.url, settings.webhook_allowed_hosts, resolver)
    except DestinationRefusedError as exc:
        return _Attempt(exc.message, permanent=True)
    except (OSError, UnicodeError) as exc:
        return _Attempt(f"cannot resolve the webhook host: {exc}"[:ERROR_CHARS])
    url = httpx.URL(claim.url)
    # Connect to the address that was checked, naming the host in Host and in TLS (SNI and the
    # certificate check), so the name cannot be re-resolved somewhere else in between.
    pinned = url.copy_with(host=str(destination.address))
    body = webhook_body(settings, claim.id, claim.event, claim.store_id, claim.payload)
    headers = {
        "Host": url.netloc.decode("ascii"),
        "Content-Type": "application/json",
        EVENT_HEADER: claim.event,
        DELIVERY_HEADER: str(claim.id),
        SIGNATURE_HEADER: signature_header(claim.secret, int(now.timestamp()), body),
    }
    extensions = {"sni_hostname": destination.host} if url.scheme == "https" else {}
    try:
        with client.stream(
            "POST", pinned, content=body, headers=headers, extensions=extensions
        ) as response:
            if response.is_success:
                return None
            excerpt = b""
            for chunk in response.iter_bytes():
                excerpt += chunk
                if len(excerpt) >= ERROR_CHARS:
                    break
    except httpx.TimeoutException:
        return _Attempt(f"no answer within {settings.webhook_timeout_s:g} s")
    except httpx.HTTPError as exc:
        return _Attempt(f"{type(exc).__name__}: {exc}"[:ERROR_CHARS])
    text = excerpt.decode("utf-8", "replace").strip()
    return _Attempt(f"HTTP {response.status_code}: {text}"[:ERROR_CHARS].rstrip(": "))


def _record(
    database: Database, settings: Settings, claim: _Claim, attempt: _Attempt | None, now: datetime
) -> Outcome | None:
    """Store the outcome; the report field it counts towards, or None if the claim was lost."""
    values: dict[str, Any] = {"last_error": attempt.error if attempt else None}
    outcome: Outcome
    if attempt is None:
        values.update(status="delivered", delivered_at=now)
        outcome = "delivered"
    elif attempt.permanent or claim.attempts >= settings.webhook_max_attempts:
        values.update(status="failed")
        outcome = "failed"
        log.warning(
            "webhook %s to store %s failed for good: %s", claim.id, claim.store_id, attempt.error
        )
    else:
        values.update(next_attempt_at=now + retry_delay(claim.attempts))
        outcome = "retried"
    if claim.url is not None:
        values["url"] = claim.url
    with database.transaction() as session:
        # Only while the claim is still ours: had the lease run out and another process taken
        # the row, its attempt count would have moved on.
        result = session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == claim.id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.attempts == claim.attempts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return outcome if getattr(result, "rowcount", 0) == 1 else None
