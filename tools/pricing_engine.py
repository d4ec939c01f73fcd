"""The one pricing engine: price rules per line, coupons per cart. Integer minor units only.

Rounding rule: a percentage discount is computed once on the line subtotal (unit price x
quantity), or for a coupon on the cart subtotal, and rounded half up to a whole minor unit
(`percent_of`). A fixed-amount coupon is capped at the subtotal, so a total never goes below zero.
Exactly one price rule applies to a line: the best one (highest percentage) among the active
rules whose window contains now, whose scope covers the product (the product itself, its
category or an ancestor category, or the whole store) and whose minimum quantity is met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain import Category, PriceRule
from assistant.domain.money import Money, percent_of


class AppliedRule(BaseModel):
    """The price rule that priced a line, and what it took off."""

    code: str
    name: str
    kind: Literal["quantity_break", "promotion"]
    percent_off: int
    min_quantity: int
    discount: Money


@dataclass(frozen=True)
class RuleTerms:
    """A price rule as the engine needs it."""

    code: str
    name: str
    kind: Literal["quantity_break", "promotion"]
    percent_off: int
    min_quantity: int
    product_id: int | None
    category_id: int | None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class LinePrice:
    """A priced line: subtotal = unit x quantity; total = subtotal - discount."""

    unit_price_minor: int
    quantity: int
    subtotal_minor: int
    discount_minor: int
    total_minor: int
    currency: str
    rule: RuleTerms | None

    def applied_rule(self) -> AppliedRule | None:
        """The rule as tools report it, or None."""
        if self.rule is None:
            return None
        return AppliedRule(
            code=self.rule.code,
            name=self.rule.name,
            kind=self.rule.kind,
            percent_off=self.rule.percent_off,
            min_quantity=self.rule.min_quantity,
            discount=Money.of(self.discount_minor, self.currency),
        )


class PriceBook:
    """The price rules of one store in force at one instant, with the category tree."""

    def __init__(self, rules: list[RuleTerms], category_parents: dict[int, int | None]) -> None:
        self._rules = rules
        self._parents = category_parents

    @classmethod
    def load(cls, session: Session, store_id: str, now: datetime) -> PriceBook:
        """Read the active rules of `store_id` whose window contains `now`."""
        rows = session.scalars(
            select(PriceRule).where(
                PriceRule.store_id == store_id,
                PriceRule.active.is_(True),
                or_(PriceRule.starts_at.is_(None), PriceRule.starts_at <= now),
                or_(PriceRule.ends_at.is_(None), PriceRule.ends_at >= now),
            )
        )
        rules = [
            RuleTerms(
                code=row.code,
                name=row.name,
                kind="promotion" if row.kind == "promotion" else "quantity_break",
                percent_off=row.percent_off,
                min_quantity=row.min_quantity,
                product_id=row.product_id,
                category_id=row.category_id,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
            )
            for row in rows
        ]
        parents: dict[int, int | None] = dict(
            session.execute(
                select(Category.id, Category.parent_id).where(Category.store_id == store_id)
            ).all()
        )
        return cls(rules, parents)

    @property
    def rules(self) -> list[RuleTerms]:
        """Every rule in force, in the order the store stored them."""
        return list(self._rules)

    def category_chain(self, category_id: int | None) -> set[int]:
        """The category and all its ancestors."""
        chain: set[int] = set()
        while category_id is not None and category_id not in chain:
            chain.add(category_id)
            category_id = self._parents.get(category_id)
        return chain

    def best_rule(
        self, *, product_id: int, category_id: int | None, quantity: int
    ) -> RuleTerms | None:
        """The one rule that applies to `quantity` units of the product, or None."""
        categories = self.category_chain(category_id)
        candidates = [
            rule
            for rule in self._rules
            if quantity >= rule.min_quantity
            and (rule.product_id is None or rule.product_id == product_id)
            and (rule.category_id is None or rule.category_id in categories)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda rule: (rule.percent_off, rule.code))

    def price(
        self,
        *,
        product_id: int,
        category_id: int | None,
        unit_price_minor: int,
        currency: str,
        quantity: int,
    ) -> LinePrice:
        """Price `quantity` units of a variant."""
        rule = self.best_rule(product_id=product_id, category_id=category_id, quantity=quantity)
        subtotal = unit_price_minor * quantity
        discount = percent_of(subtotal, rule.percent_off) if rule else 0
        return LinePrice(
            unit_price_minor=unit_price_minor,
            quantity=quantity,
            subtotal_minor=subtotal,
            discount_minor=discount,
            total_minor=subtotal - discount,
            currency=currency,
            rule=rule,
        )

    def upcoming_breaks(
        self, *, product_id: int, category_id: int | None, quantity: int
    ) -> list[RuleTerms]:
        """Quantity breaks the shopper would unlock by buying more, best first."""
        categories = self.category_chain(category_id)
        current = self.best_rule(product_id=product_id, category_id=category_id, quantity=quantity)
        floor = current.percent_off if current else 0
        found = [
            rule
            for rule in self._rules
            if rule.min_quantity > quantity
            and rule.percent_off > floor
            and (rule.product_id is None or rule.product_id == product_id)
            and (rule.category_id is None or rule.category_id in categories)
        ]
        return sorted(found, key=lambda rule: (rule.min_quantity, -rule.percent_off))


class CouponSummary(BaseModel):
    """A coupon on a cart or a quote, and whether it takes anything off right now."""

    code: str
    description: str = ""
    applied: bool
    discount: Money
    problem: str | None = Field(
        default=None, description="Why the coupon takes nothing off now, when it does not."
    )
