"""A payment provider's event, typed, and the signed JSON shape a provider's webhook sends.

The body is JSON in the shape payment services commonly use:

    {"id": "evt_1", "type": "payment.succeeded", "created": 1764700000,
     "data": {"order_number": "SA-7KQ2M9XD", "amount": 10000, "currency": "USD"}}

`amount` is in minor units (cents); `data` names the order by `order_number` or by its
checkout `token`. The request carries `Payment-Signature: t=<unix seconds>,v1=<hex>`, the hex
being HMAC-SHA256 with the store's payment webhook secret over `"<t>.<raw body>"` (the scheme of
the service's own outgoing webhooks, `assistant.webhooks.signing`, with another secret). The
signature is checked on the raw bytes before anything is parsed, and a timestamp outside the
tolerance is refused, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import InvalidInputError, InvalidSignatureError
from assistant.webhooks.signing import signature_header, signature_problem

PAYMENT_SIGNATURE_HEADER = "Payment-Signature"
PaymentEventType = Literal["payment.succeeded", "payment.failed", "payment.refunded"]
EventId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:\-]+$")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
MAX_AMOUNT_MINOR = 10**12
SECRET_PREFIX = "pwhsec_"


def new_payment_webhook_secret() -> str:
    """A fresh secret for one store's payment provider to sign its webhooks with."""
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


class PaymentEvent(BaseModel):
    """One event of a payment provider, whichever provider sent it."""

    model_config = ConfigDict(frozen=True)

    id: EventId = Field(description="The provider's own id of the event (replays repeat it).")
    type: PaymentEventType
    order_number: str | None = Field(default=None, description="The order the payment is for.")
    order_token: str | None = Field(
        default=None, description="Or the order's checkout token, when the number is not known."
    )
    amount_minor: int = Field(ge=0, le=MAX_AMOUNT_MINOR)
    currency: Currency
    created_at: datetime = Field(description="When the provider says the event happened.")


class PaymentEventData(BaseModel):
    """The `data` object of the wire format."""

    model_config = ConfigDict(extra="ignore")

    order_number: str | None = Field(default=None, min_length=1, max_length=32)
    token: str | None = Field(default=None, min_length=1, max_length=64)
    amount: int = Field(ge=0, le=MAX_AMOUNT_MINOR, description="Minor units, e.g. cents.")
    currency: Currency

    @model_validator(mode="after")
    def _names_the_order(self) -> PaymentEventData:
        if self.order_number is None and self.token is None:
            raise ValueError("data must name the order by order_number or token")
        return self


class PaymentEventBody(BaseModel):
    """A payment webhook's JSON body (providers may add fields; they are ignored)."""

    model_config = ConfigDict(extra="ignore")

    id: EventId
    type: PaymentEventType
    created: int = Field(ge=0, le=2**40, description="Unix seconds.")
    data: PaymentEventData


def parse_signed_event(
    body: bytes,
    signature: str | None,
    secret: str,
    *,
    tolerance_s: int,
    now: datetime | None = None,
) -> PaymentEvent:
    """The event in a webhook body whose signature verifies with `secret`.

    Raises:
        InvalidSignatureError: the signature is missing, malformed, outside the tolerance or
            wrong (nothing of the body is read then).
        InvalidInputError: the body verifies but is not an event of the documented shape.
    """
    moment = now.timestamp() if now is not None else time.time()
    problem = signature_problem(secret, signature, body, tolerance_s, now=moment)
    if problem is not None:
        raise InvalidSignatureError(f"{PAYMENT_SIGNATURE_HEADER}: {problem}")
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInputError("the event body is not JSON") from None
    try:
        parsed = PaymentEventBody.model_validate(document)
    except ValidationError as error:
        raise InvalidInputError(
            "the body is not a payment event",
            details={
                "errors": error.errors(
                    include_url=False, include_context=False, include_input=False
                )
            },
        ) from None
    return PaymentEvent(
        id=parsed.id,
        type=parsed.type,
        order_number=parsed.data.order_number,
        order_token=parsed.data.token,
        amount_minor=parsed.data.amount,
        currency=parsed.data.currency,
        created_at=datetime.fromtimestamp(parsed.created, UTC),
    )


def event_body(event: PaymentEvent) -> bytes:
    """The wire format of `event` (what a provider would send; tests and the CLI use it)."""
    data: dict[str, object] = {"amount": event.amount_minor, "currency": event.currency}
    if event.order_number is not None:
        data["order_number"] = event.order_number
    if event.order_token is not None:
        data["token"] = event.order_token
    document = {
        "id": event.id,
        "type": event.type,
        "created": int(event.created_at.timestamp()),
        "data": data,
    }
    return json.dumps(document, separators=(",", ":")).encode()


def sign_event_body(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The `Payment-Signature` value for `body` signed with `secret` at `timestamp` (now)."""
    return signature_header(secret, int(time.time()) if timestamp is None else timestamp, body)
