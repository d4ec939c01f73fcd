"""Shopper events as the widget or a store's own front end sends them, validated and stored.

A batch carries the page the shopper is on (`product`, `cart`, `checkout` or `other`) and up to
50 events, each one of a closed set of kinds with a typed payload. Products are named by id,
handle or SKU and stored by id, so the rules count views of one product however it was named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert
from sqlalchemy.orm import Session

from assistant.domain import Event
from assistant.errors import InvalidInputError
from assistant.shopper_sessions import ShopperIdentity
from tools.catalog_view import find_product, find_variant

PageKind = Literal["product", "cart", "checkout", "other"]
MAX_EVENTS_PER_BATCH = 50
ProductName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
        description="Product id, handle or one of its SKUs.",
        examples=["trail-boot", "BOOT-TRAIL-42"],
    ),
]
SkuName = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
]


class _EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductViewed(_EventIn):
    """The shopper opened a product page (or a product's quick view)."""

    kind: Literal["product.viewed"]
    product: ProductName
    sku: SkuName | None = Field(default=None, description="The variant shown, when one is.")


class ProductDwell(_EventIn):
    """Seconds the shopper has spent on a product page so far (sent again as it grows)."""

    kind: Literal["product.dwell"]
    product: ProductName
    seconds: int = Field(ge=1, le=86_400)


class CartLineIn(_EventIn):
    """One line of a cart kept by the store's own front end."""

    sku: SkuName
    quantity: int = Field(ge=1, le=1_000)


class CartUpdated(_EventIn):
    """The cart changed; a store with its own cart sends its lines (the widget's cart is known)."""

    kind: Literal["cart.updated"]
    items: list[CartLineIn] | None = Field(default=None, max_length=100)


class CheckoutStarted(_EventIn):
    """The shopper went to the checkout."""

    kind: Literal["checkout.started"]


class PageLeaving(_EventIn):
    """The shopper looks about to leave: the pointer left the window, or back on a phone."""

    kind: Literal["page.leaving"]
    via: Literal["pointer", "back"]


ShopperEventIn = Annotated[
    ProductViewed | ProductDwell | CartUpdated | CheckoutStarted | PageLeaving,
    Field(discriminator="kind"),
]


class EventBatch(BaseModel):
    """Events from one page, oldest first."""

    model_config = ConfigDict(extra="forbid")

    page: PageKind = Field(default="other", description="The kind of page the shopper is on.")
    events: list[ShopperEventIn] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


@dataclass
class StoredBatch:
    """What a batch said, once stored: products by id, the shopper's sizes, leaving, checkout."""

    page: PageKind
    count: int
    viewed: list[int] = field(default_factory=list)
    dwell: dict[int, int] = field(default_factory=dict)
    options: dict[int, dict[str, str]] = field(default_factory=dict)
    cart_lines: list[tuple[str, int]] | None = None
    leaving: bool = False
    checkout: bool = False


def _product_id(session: Session, store_id: str, ref: str, found: dict[str, int], at: int) -> int:
    if ref not in found:
        product = find_product(session, store_id, ref)
        if product is None:
            raise InvalidInputError(
                f"events[{at}]: no product {ref!r} in this store",
                details={"event": at, "product": ref},
            )
        found[ref] = product.id
    return found[ref]


def store_events(
    session: Session, shopper: ShopperIdentity, batch: EventBatch, now: datetime
) -> StoredBatch:
    """Insert the batch's events in one statement (the caller's transaction) and say what they
    mean for the rules.

    Raises:
        InvalidInputError: an event names a product or SKU the store does not have.
    """
    stored = StoredBatch(page=batch.page, count=len(batch.events))
    products: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    for at, event in enumerate(batch.events):
        payload: dict[str, object] = {"page": batch.page}
        if isinstance(event, ProductViewed | ProductDwell):
            product_id = _product_id(session, shopper.store_id, event.product, products, at)
            payload["product_id"] = product_id
            if isinstance(event, ProductViewed):
                stored.viewed.append(product_id)
                if event.sku:
                    variant = find_variant(session, shopper.store_id, event.sku)
                    if variant is None or variant.product_id != product_id:
                        raise InvalidInputError(
                            f"events[{at}]: no SKU {event.sku!r} of that product",
                            details={"event": at, "sku": event.sku},
                        )
                    payload["sku"] = variant.sku
                    stored.options[product_id] = {
                        str(k): str(v) for k, v in variant.options.items()
                    }
            else:
                payload["seconds"] = event.seconds
                stored.dwell[product_id] = max(stored.dwell.get(product_id, 0), event.seconds)
        elif isinstance(event, CartUpdated):
            if event.items is not None:
                lines = [(line.sku, line.quantity) for line in event.items]
                payload["items"] = [{"sku": sku, "quantity": qty} for sku, qty in lines]
                stored.cart_lines = lines
        elif isinstance(event, PageLeaving):
            payload["via"] = event.via
            stored.leaving = True
        else:
            stored.checkout = True
        rows.append(
            {
                "store_id": shopper.store_id,
                "session_id": shopper.session_id,
                "customer_id": shopper.customer_id,
                "kind": event.kind,
                "payload": payload,
                "created_at": now,
            }
        )
    session.execute(insert(Event), rows)
    return stored
