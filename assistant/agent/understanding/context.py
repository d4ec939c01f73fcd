"""What the conversation so far tells the understanding layer about the next message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.agent.understanding.labels import Intent


@dataclass(frozen=True)
class ProductRef:
    """The product last discussed: its handle, title and the variant options talked about."""

    handle: str
    title: str
    options: Mapping[str, str] = field(default_factory=dict)
    sku: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class DialogueContext:
    """The last product discussed, the last intent, the cart's SKUs and the last category."""

    last_product: ProductRef | None = None
    last_intent: Intent | None = None
    cart_skus: frozenset[str] = frozenset()
    last_category: str | None = None

    @property
    def last_product_in_cart(self) -> bool:
        """Whether the variant last discussed is already in the cart."""
        product = self.last_product
        return product is not None and product.sku is not None and product.sku in self.cart_skus
