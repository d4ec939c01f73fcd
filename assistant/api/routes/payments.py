"""A payment provider's webhook (`POST payments/webhook`) and the secret that signs it.

The webhook takes no API key: the `Payment-Signature` header, checked by the configured provider
with the store's payment webhook secret on the raw body before anything is parsed, is the
credential. A bad signature answers 400 with the reason; an event that verifies is recorded and
answered 200 with what it did (`outcome`), and the same event sent again answers the same and
does nothing (see `assistant.payment_events`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AdminOfStore, DatabaseDep, ToolServicesDep
from assistant.api.errors import ErrorBody
from assistant.domain.base import MAX_ROW_ID
from assistant.domain.store_settings import settings_of
from assistant.errors import InvalidSignatureError
from assistant.payment_event_log import PaymentEventPublic, list_payment_events
from assistant.payment_events import Outcome, apply_payment_event
from assistant.stores import get_store
from tools.payment_events import (
    PAYMENT_SIGNATURE_HEADER,
    PaymentEventBody,
    new_payment_webhook_secret,
)

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["payments"])


class PaymentWebhookReply(BaseModel):
    """What the event did (a replay answers the same)."""

    event_id: str
    type: str
    outcome: Outcome = Field(
        description="paid, already_paid, refund_needed (paid for an order no longer held), "
        "refused, amount_mismatch, payment_failed (the order still awaits payment), refunded, "
        "ignored (out of order: changes nothing) or unknown_order."
    )
    order_number: str | None
    needs_attention: bool = Field(description="Money that does not fit the order: look at it.")
    note: str | None


class PaymentWebhookSecret(BaseModel):
    """How a payment provider signs its webhooks to this store; `secret` is shown this once."""

    secret: str
    algorithm: Literal["HMAC-SHA256"] = "HMAC-SHA256"
    signature_header: str = PAYMENT_SIGNATURE_HEADER
    signed_content: str = Field(
        default="{t}.{raw body}",
        description="What is signed; the header reads `t=<unix seconds>,v1=<hex digest>`.",
    )
    tolerance_s: int = Field(description="How far `t` may be from the service's clock.")


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its `$defs` written in place (for `openapi_extra`)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return resolve(definitions[reference.removeprefix("#/$defs/")])
            return {name: resolve(value) for name, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


_EVENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inline_schema(PaymentEventBody)}},
    },
    "parameters": [
        {
            "name": PAYMENT_SIGNATURE_HEADER,
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>",
        }
    ],
}


@router.post(
    "/payments/webhook",
    summary="Receive a payment provider's event",
    openapi_extra=_EVENT_BODY,
    responses={
        400: {
            "model": ErrorBody,
            "description": "The signature is missing, malformed, outside the tolerance or "
            "wrong, or the store has no payment webhook secret.",
        },
        422: {"model": ErrorBody, "description": "Signed, but not a payment event."},
    },
)
async def payment_webhook(
    store_id: str, request: Request, database: DatabaseDep, tools: ToolServicesDep
) -> PaymentWebhookReply:
    """Verify the signature on the raw body, then apply the event once: a success marks the
    order paid, commits its stock and confirms in the shopper's conversation."""
    body = await request.body()

    def handle() -> PaymentWebhookReply:
        now = tools.now()
        with database.session() as session:
            secret = settings_of(get_store(session, store_id)).payment_webhook_secret
        if not secret:
            raise InvalidSignatureError(
                "this store has no payment webhook secret: create one with "
                "POST settings/payment-webhook-secret"
            )
        provider = tools.payments
        event = provider.parse_event(body, request.headers, secret, now)
        applied = apply_payment_event(database, store_id, provider.name, event, now)
        return PaymentWebhookReply(
            event_id=applied.event_id,
            type=applied.type,
            outcome=applied.outcome,
            order_number=applied.order_number,
            needs_attention=applied.needs_attention,
            note=applied.note,
        )

    return await run_in_threadpool(handle)


@router.post(
    "/settings/payment-webhook-secret",
    summary="Create or rotate the payment webhook secret",
)
def rotate_payment_webhook_secret(
    store_id: str, _key: AdminOfStore, database: DatabaseDep, tools: ToolServicesDep
) -> PaymentWebhookSecret:
    """A new secret for the payment provider to sign its webhooks with, shown this once; events
    signed with the old one are refused from now on."""
    with database.transaction() as session:
        store = get_store(session, store_id)
        secret = new_payment_webhook_secret()
        store.settings = {**(store.settings or {}), "payment_webhook_secret": secret}
    return PaymentWebhookSecret(
        secret=secret, tolerance_s=tools.settings.payment_webhook_tolerance_s
    )


class PaymentEventsPage(BaseModel):
    """A page of the store's payment events, newest first."""

    events: list[PaymentEventPublic]
    next_before_id: int | None = Field(description="Pass as before_id for the next page.")


@router.get("/payments/events", summary="The payment events the store received")
def payment_events(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    outcome: Outcome | None = None,
    needs_attention: bool | None = None,
    before_id: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PaymentEventsPage:
    """Every event with what it did; `outcome=refund_needed` or `outcome=refused` (or
    `needs_attention=true`) lists the ones a person must look at."""
    with database.session() as session:
        get_store(session, store_id)
        events = list_payment_events(
            session,
            store_id,
            outcome=outcome,
            needs_attention=needs_attention,
            before_id=before_id,
            limit=limit,
        )
    next_before = events[-1].id if len(events) == limit else None
    return PaymentEventsPage(events=events, next_before_id=next_before)
