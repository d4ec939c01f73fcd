"""Merchant endpoints for bargaining, behind an admin key of the store: the store-wide limits,
a category's or product's own rule, and the log of every ask for a better price."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select

from assistant.api.deps import AdminOfStore, DatabaseDep
from assistant.bargaining_rules import (
    RuleTarget,
    RuleView,
    delete_rule,
    list_rules,
    set_rule,
    set_store_limits,
)
from assistant.domain import BargainOffer, Product
from assistant.domain.bargaining_limits import BargainingLimits, LimitOverride
from assistant.domain.store_settings import settings_of
from assistant.stores import get_store

router = APIRouter(prefix="/v1/stores/{store_id}/bargaining", tags=["bargaining"])

TargetPath = Annotated[
    RuleTarget, Path(description="'category' (by slug) or 'product' (by handle).")
]
KeyPath = Annotated[
    str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
]


class BargainingLimitsUpdate(BargainingLimits):
    """The store-wide limits, sent whole (fields left out take their defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LimitOverrideUpdate(LimitOverride):
    """A category's or product's changes; a field left out or null inherits."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class BargainingRulePublic(BaseModel):
    """One rule: what it applies to and the limits it changes."""

    target: RuleTarget
    key: str = Field(description="The category's slug or the product's handle.")
    name: str
    limits: LimitOverride


class BargainingPublic(BaseModel):
    """The store's bargaining: store-wide limits, the discount cap above them, the rules."""

    limits: BargainingLimits
    discount_cap_percent: int = Field(description="No offer ever exceeds this store setting.")
    rules: list[BargainingRulePublic]


class BargainOfferPublic(BaseModel):
    """One ask for a better price and what code decided."""

    id: int
    created_at: datetime
    conversation_id: str
    cart_id: str | None
    product_id: int
    product: str | None
    outcome: Literal["offered", "declined", "handoff"]
    refusal: str | None
    reason: str
    asked_percent: int | None
    percent_off: int | None
    ceiling_percent: int = Field(description="The most the limits allowed at that moment.")
    coupon_code: str | None
    ends_at: datetime | None


class BargainOfferPage(BaseModel):
    """One page of the log, newest first, and how many entries there are in all."""

    items: list[BargainOfferPublic]
    total: int


def _rule(view: RuleView) -> BargainingRulePublic:
    return BargainingRulePublic(
        target=view.target, key=view.key, name=view.name, limits=view.limits
    )


@router.get("", summary="Read the store's bargaining limits and rules")
def read_bargaining(store_id: str, _key: AdminOfStore, database: DatabaseDep) -> BargainingPublic:
    """Store-wide limits, the discount cap and every category's and product's rule."""
    with database.session() as session:
        store = get_store(session, store_id)
        settings = settings_of(store)
        return BargainingPublic(
            limits=settings.bargaining,
            discount_cap_percent=settings.discount_cap_percent,
            rules=[_rule(view) for view in list_rules(session, store_id)],
        )


@router.put("", summary="Set the store-wide bargaining limits")
def update_limits(
    store_id: str, body: BargainingLimitsUpdate, _key: AdminOfStore, database: DatabaseDep
) -> BargainingPublic:
    """Replace the store-wide limits; `max_percent` may not exceed the discount cap (422)."""
    with database.transaction() as session:
        store = get_store(session, store_id)
        set_store_limits(store, BargainingLimits.model_validate(body.model_dump()))
        settings = settings_of(store)
        return BargainingPublic(
            limits=settings.bargaining,
            discount_cap_percent=settings.discount_cap_percent,
            rules=[_rule(view) for view in list_rules(session, store_id)],
        )


@router.put("/rules/{target}/{key}", summary="Set a category's or product's bargaining rule")
def put_rule(
    store_id: str,
    target: TargetPath,
    key: KeyPath,
    body: LimitOverrideUpdate,
    _key: AdminOfStore,
    database: DatabaseDep,
) -> BargainingRulePublic:
    """Create or replace the rule (a product's rule wins over its category's, a category's over
    its parent's); 404 for an unknown category or product, 422 above the discount cap."""
    with database.transaction() as session:
        store = get_store(session, store_id)
        limits = LimitOverride.model_validate(body.model_dump())
        return _rule(set_rule(session, store, target, key, limits))


@router.delete(
    "/rules/{target}/{key}",
    summary="Remove a category's or product's bargaining rule",
    status_code=status.HTTP_204_NO_CONTENT,
)
def remove_rule(
    store_id: str, target: TargetPath, key: KeyPath, _key: AdminOfStore, database: DatabaseDep
) -> Response:
    """The category or product inherits the limits again; 404 when it has no rule."""
    with database.transaction() as session:
        get_store(session, store_id)
        delete_rule(session, store_id, target, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/offers", summary="The log of asks for a better price")
def list_offers(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    outcome: Annotated[Literal["offered", "declined", "handoff"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> BargainOfferPage:
    """Every ask, newest first: the product, the shopper's reason and percentage, the limit at
    that moment, and the offer's code and expiry or why there was none."""
    with database.session() as session:
        get_store(session, store_id)
        query = select(BargainOffer).where(BargainOffer.store_id == store_id)
        if outcome is not None:
            query = query.where(BargainOffer.outcome == outcome)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.add_columns(Product.title)
            .outerjoin(Product, Product.id == BargainOffer.product_id)
            .order_by(BargainOffer.id.desc())
            .limit(limit)
            .offset(offset)
        )
        items = [
            BargainOfferPublic(
                id=row.id,
                created_at=row.created_at,
                conversation_id=row.conversation_id,
                cart_id=row.cart_id,
                product_id=row.product_id,
                product=title,
                outcome=row.outcome,
                refusal=row.refusal,
                reason=row.reason,
                asked_percent=row.asked_percent,
                percent_off=row.percent_off,
                ceiling_percent=row.ceiling_percent,
                coupon_code=row.coupon_code,
                ends_at=row.ends_at,
            )
            for row, title in rows
        ]
        return BargainOfferPage(items=items, total=int(total))
