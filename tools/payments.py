"""Payment is pluggable: a provider only says where the shopper pays.

The default is the built-in checkout page (`/checkout/{token}`, served by the API), built from
`Settings.checkout_url_template` with the placeholders `{base_url}` (Settings.public_base_url),
`{order_number}`, `{store_id}` and `{token}` (the order's checkout secret). A store may set its
own `checkout_url_template` (a store setting, https only, the same placeholders but
`{base_url}`); its orders then link there instead. A real provider (a payment service's hosted
page) implements `PaymentProvider` and confirms payment later through
`tools.order_lifecycle.mark_paid`.
"""

from __future__ import annotations

import secrets
from string import Formatter
from typing import Protocol
from urllib.parse import quote

from assistant.config import Settings
from assistant.domain.money import Money
from assistant.domain.store_settings import STORE_CHECKOUT_PLACEHOLDERS
from assistant.errors import ConfigurationError

PLACEHOLDERS = STORE_CHECKOUT_PLACEHOLDERS | {"base_url"}


def new_checkout_token() -> str:
    """The unguessable secret (192 random bits) in an order's checkout link."""
    return secrets.token_urlsafe(24)


class PaymentProvider(Protocol):
    """Where the shopper pays for an order awaiting payment."""

    def checkout_url(self, *, store_id: str, order_number: str, token: str, total: Money) -> str:
        """The URL that takes the shopper to payment for this order."""
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


class CheckoutPageLink:
    """The checkout page from the configured URL template (by default the built-in one)."""

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

    def checkout_url(self, *, store_id: str, order_number: str, token: str, total: Money) -> str:
        """The template filled in; the order number, store id and token are URL-escaped."""
        return fill_checkout_template(
            self._template,
            base_url=self._base_url,
            store_id=store_id,
            order_number=order_number,
            token=token,
        )
