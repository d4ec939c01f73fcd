"""Payment is pluggable: a provider says where the shopper pays and reads its own events.

The default is the built-in checkout page (`/checkout/{token}`, served by the API), built from
`Settings.checkout_url_template` with the placeholders `{base_url}` (Settings.public_base_url),
`{order_number}`, `{store_id}` and `{token}` (the order's checkout secret). A store may set its
own `checkout_url_template` (a store setting, https only, the same placeholders but
`{base_url}`); its orders then link there instead.

A provider's events reach `POST /v1/stores/{store_id}/payments/webhook`; the provider verifies
and parses them (`parse_event`) into a typed `PaymentEvent`, and `assistant.payment_events`
applies it to the order. The built-in `DemoPaymentProvider` links to the built-in page (whose
"Pay" button makes a `payment.succeeded` event of its own, `page_payment`) and reads webhooks
in the signed shape of `tools.payment_events`. A payment service's adapter implements the same
protocol with its own URL and signature scheme.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from string import Formatter
from typing import Protocol
from urllib.parse import quote

from assistant.config import Settings
from assistant.domain.money import Money
from assistant.domain.store_settings import STORE_CHECKOUT_PLACEHOLDERS
from assistant.errors import ConfigurationError
from tools.payment_events import PAYMENT_SIGNATURE_HEADER, PaymentEvent, parse_signed_event

PLACEHOLDERS = STORE_CHECKOUT_PLACEHOLDERS | {"base_url"}


def new_checkout_token() -> str:
    """The unguessable secret (192 random bits) in an order's checkout link."""
    return secrets.token_urlsafe(24)


class PaymentProvider(Protocol):
    """Where the shopper pays for an order awaiting payment, and what the provider's webhook
    events say."""

    name: str

    def checkout_url(self, *, store_id: str, order_number: str, token: str, total: Money) -> str:
        """The URL that takes the shopper to payment for this order."""
        ...

    def parse_event(
        self, body: bytes, headers: Mapping[str, str], secret: str, now: datetime
    ) -> PaymentEvent:
        """The event of a webhook request, verified with the store's payment webhook secret.

        Raises:
            InvalidSignatureError: the request is not signed by the provider with `secret`.
            InvalidInputError: it is signed but is not an event the provider sends.
        """
        ...


def template_fields(template: str) -> set[str]:
    """The placeholder names a URL template uses."""
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def fill_checkout_template(
    template: str, *, base_url: str, store_id: str, order_number: str, token: str
) -> str:
    """A checkout URL template filled in; every value is URL-escaped."""
    return template.format(
        base_url=base_url,
        order_number=quote(order_number, safe=""),
        store_id=quote(store_id, safe=""),
        token=quote(token, safe=""),
    )


class DemoPaymentProvider:
    """The built-in provider: the checkout page from the configured URL template (by default
    the built-in one), and webhooks in the signed shape of `tools.payment_events`."""

    name = "demo"

    def __init__(self, settings: Settings) -> None:
        template = settings.checkout_url_template
        unknown = template_fields(template) - PLACEHOLDERS
        if unknown:
            raise ConfigurationError(
                "invalid setting SALES_ASSISTANT_CHECKOUT_URL_TEMPLATE: unknown placeholder(s) "
                f"{sorted(unknown)}; use {{base_url}}, {{order_number}}, {{store_id}} and "
                "{token}"
            )
        self._template = template
        self._base_url = settings.public_base_url.rstrip("/")
        self._tolerance_s = settings.payment_webhook_tolerance_s

    def checkout_url(self, *, store_id: str, order_number: str, token: str, total: Money) -> str:
        """The template filled in; the order number, store id and token are URL-escaped."""
        return fill_checkout_template(
            self._template,
            base_url=self._base_url,
            store_id=store_id,
            order_number=order_number,
            token=token,
        )

    def parse_event(
        self, body: bytes, headers: Mapping[str, str], secret: str, now: datetime
    ) -> PaymentEvent:
        """The event of a request signed in the `Payment-Signature` scheme."""
        signature = headers.get(PAYMENT_SIGNATURE_HEADER.lower())
        return parse_signed_event(body, signature, secret, tolerance_s=self._tolerance_s, now=now)

    def page_payment(self, *, order_number: str, total: Money, now: datetime) -> PaymentEvent:
        """The event of a click on the built-in page's "Pay" button: one id per order, so a
        second click is a replay of the first."""
        return PaymentEvent(
            id=f"page-{order_number}",
            type="payment.succeeded",
            order_number=order_number,
            amount_minor=total.amount_minor,
            currency=total.currency,
            created_at=now,
        )
