"""A customer's purchase history as the recommendations read it: kept lines and usual sizes.

Cancelled and refunded orders are left out: a refunded pair of boots says little about the size
that fits. The opt-out lives on the customer row; `personalisation_allowed` is the one check.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Category, Customer, Order, OrderLine, Product, Variant

NOT_KEPT = ("cancelled", "refunded")
SIZE_OPTION = "size"
# A size that fits a person: shoe sizes (42), letter sizes (M, S/M, L/XL), with an optional
# range ("L (43-46)"). "100 g", "Regular" or "120 cm" size the product, not the shopper.
_BODY_SIZE = re.compile(
    r"^(?:\d{2}|(?:XXS|XS|S|M|L|XL|XXL|XXXL)(?:/(?:S|M|L|XL|XXL))?)(?: \(.*\))?$"
)


@dataclass(frozen=True)
class PastLine:
    """One product the customer bought and kept."""

    order_id: int
    product_id: int
    category_id: int | None
    category: str | None
    category_slug: str | None
    title: str
    options: dict[str, str]
    placed_at: datetime


class UsualSize(BaseModel):
    """The size a customer takes in a category, from what they kept."""

    category: str = Field(description="Category name, e.g. 'Hiking Boots'.")
    category_slug: str = Field(description="Category slug, e.g. 'hiking-boots'.")
    size: str
    times: int = Field(description="How many kept items were in this size.")
    last_bought: str = Field(description="Title of the latest item bought in this size.")


def personalisation_allowed(session: Session, customer_id: int | None) -> bool:
    """True for an identified customer who has not turned personal recommendations off."""
    if customer_id is None:
        return False
    customer = session.get(Customer, customer_id)
    return customer is not None and not customer.personalisation_opt_out


def past_lines(session: Session, store_id: str, customer_id: int) -> list[PastLine]:
    """The customer's kept order lines, latest order first."""
    rows = session.execute(
        select(OrderLine, Order.placed_at, Product, Category.name, Category.slug)
        .join(Order, Order.id == OrderLine.order_id)
        .join(Variant, Variant.id == OrderLine.variant_id)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .where(
            Order.store_id == store_id,
            Order.customer_id == customer_id,
            Order.status.not_in(NOT_KEPT),
        )
        .order_by(Order.placed_at.desc(), Order.id.desc(), OrderLine.id)
    ).all()
    return [
        PastLine(
            order_id=line.order_id,
            product_id=product.id,
            category_id=product.category_id,
            category=category,
            category_slug=slug,
            title=product.title,
            options={str(k): str(v) for k, v in (line.options or {}).items()},
            placed_at=placed_at,
        )
        for line, placed_at, product, category, slug in rows
    ]


def usual_sizes(lines: list[PastLine]) -> list[UsualSize]:
    """Per category, the size bought most often (the latest breaks a tie); latest first."""
    counts: dict[str, Counter[str]] = {}
    latest: dict[tuple[str, str], str] = {}
    slugs: dict[str, str] = {}
    order: list[str] = []
    for line in lines:  # latest first
        size = line.options.get(SIZE_OPTION)
        if not size or not is_body_size(size) or not line.category:
            continue
        slugs.setdefault(line.category, line.category_slug or "")
        if line.category not in counts:
            counts[line.category] = Counter()
            order.append(line.category)
        counts[line.category][size] += 1
        latest.setdefault((line.category, size), line.title)
    found = []
    for category in order:
        tally = counts[category]
        best = max(tally.values())
        # `tally` keeps insertion order, latest first: the first at the top count is the latest.
        size = next(value for value, count in tally.items() if count == best)
        found.append(
            UsualSize(
                category=category,
                category_slug=slugs[category],
                size=size,
                times=best,
                last_bought=latest[(category, size)],
            )
        )
    return found


def is_body_size(value: str | None) -> bool:
    """Whether an option value is a size that must fit the shopper (42, M, L (43-46))."""
    return bool(value) and _BODY_SIZE.match(str(value).strip().upper()) is not None


def size_for_category(sizes: list[UsualSize], category_slug: str | None) -> str | None:
    """The customer's usual size in a category (by slug), when they have one."""
    return next((usual.size for usual in sizes if usual.category_slug == category_slug), None)
