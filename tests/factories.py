"""Factories for test data: small stores built in a few lines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from assistant.agent.contract import BrainInput, CartSnapshot, Memory
from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn, VariantIn
from assistant.catalog.upsert import apply_catalog
from assistant.domain import ShopperSession, Store
from assistant.domain.base import utcnow
from assistant.domain.store_settings import StoreSettings
from assistant.stores import create_store


def make_store(session: Session, store_id: str = "shop", **kwargs: Any) -> Store:
    return create_store(session, store_id, kwargs.pop("name", f"Shop {store_id}"), **kwargs)


def make_shopper_session(session: Session, store_id: str = "shop") -> str:
    """A shopper session in the store, valid for an hour; its id."""
    row = ShopperSession(store_id=store_id, expires_at=utcnow() + timedelta(hours=1))
    session.add(row)
    session.flush()
    return row.id


def make_product(
    handle: str = "widget",
    *,
    title: str | None = None,
    category: str | None = "gear",
    price: str = "10.00",
    stock: int = 5,
    options: list[dict[str, str]] | None = None,
    **fields: Any,
) -> ProductIn:
    variants = [
        VariantIn(
            sku=f"{handle.upper()}-{index}",
            options=opts,
            price=Decimal(price),
            stock=stock,
        )
        for index, opts in enumerate(options or [{}])
    ]
    return ProductIn(
        id=handle,
        title=title or handle.replace("-", " ").title(),
        category=category,
        variants=variants,
        **fields,
    )


def load_catalog(session: Session, store_id: str, *products: ProductIn) -> None:
    categories = sorted({p.category for p in products if p.category})
    apply_catalog(
        session,
        store_id,
        CatalogIn(
            categories=[CategoryIn(slug=slug, name=slug.title()) for slug in categories],
            products=list(products),
        ),
    )


def brain_input(store_id: str = "demo", **facts: Any) -> BrainInput:
    """What the loop tells a brain, from flat facts: store_name, currency, language, the store
    settings' fields (handoff_threshold, ...), memory fields (last_product, pending, last_intent)
    and cart."""
    settings = {k: facts.pop(k) for k in list(facts) if k in StoreSettings.model_fields}
    memory = {k: facts.pop(k) for k in list(facts) if k in Memory.model_fields}
    cart = facts.pop("cart", None)
    return BrainInput(
        store_id=store_id,
        settings=StoreSettings(**settings),
        memory=Memory.model_validate(memory),
        cart=CartSnapshot.model_validate(cart) if cart is not None else None,
        **facts,
    )
