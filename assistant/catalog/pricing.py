"""Price rules and coupons in the merchant's file format, and applying them to a store."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Category, Coupon, PriceRule, Product
from assistant.domain.money import to_minor
from assistant.errors import InvalidInputError
from assistant.stores import get_store


class PriceRuleIn(BaseModel):
    """A quantity break or promotion scoped to a category or a product handle."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    name: str
    kind: Literal["quantity_break", "promotion"]
    category: str | None = None
    product: str | None = None
    min_quantity: int = Field(default=1, ge=1)
    percent_off: int = Field(gt=0, le=100)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class CouponIn(BaseModel):
    """A coupon: exactly one of percent_off and amount_off."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    description: str = ""
    percent_off: int | None = Field(default=None, gt=0, le=100)
    amount_off: Decimal | None = Field(default=None, gt=0)
    min_spend: Decimal = Field(default=Decimal(0), ge=0)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = Field(default=None, ge=1)
    per_customer_limit: int | None = Field(default=None, ge=1)
    listed: bool = Field(
        default=True, description="False: never named to shoppers asking which codes exist."
    )

    @model_validator(mode="after")
    def _one_discount(self) -> CouponIn:
        if (self.percent_off is None) == (self.amount_off is None):
            raise ValueError(f"coupon {self.code!r} needs exactly one of percent_off, amount_off")
        return self


class PricingIn(BaseModel):
    """A pricing file."""

    model_config = ConfigDict(extra="forbid")

    price_rules: list[PriceRuleIn] = Field(default_factory=list)
    coupons: list[CouponIn] = Field(default_factory=list)


def apply_pricing(session: Session, store_id: str, pricing: PricingIn) -> None:
    """Upsert price rules and coupons by code; usage counters are kept."""
    store = get_store(session, store_id)
    for rule_in in pricing.price_rules:
        category_id = _category_id(session, store_id, rule_in.category)
        product_id = _product_id(session, store_id, rule_in.product)
        rule = session.scalar(
            select(PriceRule).where(PriceRule.store_id == store_id, PriceRule.code == rule_in.code)
        )
        if rule is None:
            rule = PriceRule(store_id=store_id, code=rule_in.code, percent_off=rule_in.percent_off)
            session.add(rule)
        rule.name = rule_in.name
        rule.kind = rule_in.kind
        rule.category_id = category_id
        rule.product_id = product_id
        rule.min_quantity = rule_in.min_quantity
        rule.percent_off = rule_in.percent_off
        rule.starts_at = rule_in.starts_at
        rule.ends_at = rule_in.ends_at
        rule.active = True
    for coupon_in in pricing.coupons:
        coupon = session.scalar(
            select(Coupon).where(Coupon.store_id == store_id, Coupon.code == coupon_in.code)
        )
        if coupon is None:
            coupon = Coupon(store_id=store_id, code=coupon_in.code, times_used=0)
            session.add(coupon)
        coupon.description = coupon_in.description
        coupon.percent_off = coupon_in.percent_off
        coupon.amount_off_minor = (
            to_minor(coupon_in.amount_off, store.currency) if coupon_in.amount_off else None
        )
        coupon.currency = store.currency
        coupon.min_spend_minor = to_minor(coupon_in.min_spend, store.currency)
        coupon.starts_at = coupon_in.starts_at
        coupon.ends_at = coupon_in.ends_at
        coupon.usage_limit = coupon_in.usage_limit
        coupon.per_customer_limit = coupon_in.per_customer_limit
        coupon.listed = coupon_in.listed
    session.flush()


def _category_id(session: Session, store_id: str, slug: str | None) -> int | None:
    if slug is None:
        return None
    category_id = session.scalar(
        select(Category.id).where(Category.store_id == store_id, Category.slug == slug)
    )
    if category_id is None:
        raise InvalidInputError(f"price rule names unknown category {slug!r}")
    return category_id


def _product_id(session: Session, store_id: str, handle: str | None) -> int | None:
    if handle is None:
        return None
    product_id = session.scalar(
        select(Product.id).where(Product.store_id == store_id, Product.handle == handle)
    )
    if product_id is None:
        raise InvalidInputError(f"price rule names unknown product {handle!r}")
    return product_id
