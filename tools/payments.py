"""Payment is pluggable and out of scope: a provider only says where the shopper pays.

The default sends the shopper to the merchant's checkout page, built from
`Settings.checkout_url_template` with the placeholders `{base_url}` (Settings.public_base_url),
`{order_number}` and `{store_id}`. A real provider (a payment service's hosted page) implements
`PaymentProvider` and confirms payment later through `tools.order_lifecycle.mark_paid`.
"""

from __future__ import annotations

from string import Formatter
from typing import Protocol
from urllib.parse import quote

from assistant.config import Settings
from assistant.domain.money import Money
from assistant.errors import ConfigurationError

PLACEHOLDERS = frozenset({"base_url", "order_number", "store_id"})


class PaymentProvider(Protocol):
    """Where the shopper pays for an order awaiting payment."""

    def checkout_url(self, *, store_id: str, order_number: str, total: Money) -> str:
        """The URL that takes the shopper to payment for this order."""
        ...


class CheckoutPageLink:
    """The merchant's own checkout page, from the configured URL template."""

    def __init__(self, settings: Settings) -> None:
        template = settings.checkout_url_template
        fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
        unknown = fields - PLACEHOLDERS
        if unknown:
            raise ConfigurationError(
                "invalid setting SALES_ASSISTANT_CHECKOUT_URL_TEMPLATE: unknown placeholder(s) "
                f"{sorted(unknown)}; use {{base_url}}, {{order_number}} and {{store_id}}"
            )
        self._template = template
        self._base_url = settings.public_base_url.rstrip("/")

    def checkout_url(self, *, store_id: str, order_number: str, total: Money) -> str:
        """The template filled in; the order number and store id are URL-escaped."""
        return self._template.format(
            base_url=self._base_url,
            order_number=quote(order_number, safe=""),
            store_id=quote(store_id, safe=""),
        )
