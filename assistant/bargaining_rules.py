"""A store's bargaining limits as the merchant manages them: the store-wide limits in the
store's settings, and a rule per category or product that overrides some of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import BargainingRule, Category, Product, Store
from assistant.domain.bargaining_limits import BargainingLimits, LimitOverride
from assistant.domain.store_settings import settings_of
from assistant.errors import InvalidInputError, NotFoundError

RuleTarget = Literal["category", "product"]


@dataclass(frozen=True)
class RuleView:
    """One rule as the merchant sees it: what it applies to and the limits it changes."""

    target: RuleTarget
    key: str
    name: str
    limits: LimitOverride


def check_within_cap(max_percent: int | None, cap_percent: int) -> None:
    """Refuse a bargaining percentage above the store's discount cap.

    Raises:
        InvalidInputError: `max_percent` is above `cap_percent`.
    """
    if max_percent is not None and max_percent > cap_percent:
        raise InvalidInputError(
            f"max_percent {max_percent} is above the store's discount_cap_percent "
            f"({cap_percent}); raise the cap first or choose a smaller percentage",
            details={"field": "max_percent", "discount_cap_percent": cap_percent},
        )


def set_store_limits(store: Store, limits: BargainingLimits) -> BargainingLimits:
    """Save the store-wide limits in the store's settings.

    Raises:
        InvalidInputError: the percentage is above the store's discount cap.
    """
    check_within_cap(limits.max_percent, settings_of(store).discount_cap_percent)
    store.settings = {**(store.settings or {}), "bargaining": limits.model_dump(mode="json")}
    return limits


def _target_id(session: Session, store_id: str, target: RuleTarget, key: str) -> tuple[int, str]:
    if target == "category":
        category = session.scalar(
            select(Category).where(Category.store_id == store_id, Category.slug == key)
        )
        if category is None:
            raise NotFoundError(f"no category {key!r} in the store")
        return category.id, category.name
    product = session.scalar(
        select(Product).where(Product.store_id == store_id, Product.handle == key)
    )
    if product is None:
        raise NotFoundError(f"no product {key!r} in the store")
    return product.id, product.title


def set_rule(
    session: Session, store: Store, target: RuleTarget, key: str, limits: LimitOverride
) -> RuleView:
    """Create or replace the rule of one category (by slug) or product (by handle).

    Raises:
        NotFoundError: the store has no such category or product.
        InvalidInputError: the percentage is above the store's discount cap.
    """
    check_within_cap(limits.max_percent, settings_of(store).discount_cap_percent)
    target_id, name = _target_id(session, store.id, target, key)
    column = BargainingRule.category_id if target == "category" else BargainingRule.product_id
    rule = session.scalar(
        select(BargainingRule).where(BargainingRule.store_id == store.id, column == target_id)
    )
    values: dict[str, Any] = limits.model_dump(exclude_none=True)
    if rule is None:
        rule = BargainingRule(
            store_id=store.id,
            category_id=target_id if target == "category" else None,
            product_id=target_id if target == "product" else None,
            limits=values,
        )
        session.add(rule)
    else:
        rule.limits = values
    session.flush()
    return RuleView(target, key, name, LimitOverride.model_validate(values))


def delete_rule(session: Session, store_id: str, target: RuleTarget, key: str) -> None:
    """Remove a category's or product's rule: it inherits again.

    Raises:
        NotFoundError: no such category or product, or it has no rule.
    """
    target_id, _ = _target_id(session, store_id, target, key)
    column = BargainingRule.category_id if target == "category" else BargainingRule.product_id
    rule = session.scalar(
        select(BargainingRule).where(BargainingRule.store_id == store_id, column == target_id)
    )
    if rule is None:
        raise NotFoundError(f"the {target} {key!r} has no bargaining rule")
    session.delete(rule)


def list_rules(session: Session, store_id: str) -> list[RuleView]:
    """Every rule of the store: categories first, then products, by key."""
    views = []
    for rule, slug, category_name, handle, title in session.execute(
        select(BargainingRule, Category.slug, Category.name, Product.handle, Product.title)
        .outerjoin(Category, Category.id == BargainingRule.category_id)
        .outerjoin(Product, Product.id == BargainingRule.product_id)
        .where(BargainingRule.store_id == store_id)
    ):
        limits = LimitOverride.model_validate(rule.limits)
        if slug is not None:
            views.append(RuleView("category", slug, category_name or slug, limits))
        elif handle is not None:
            views.append(RuleView("product", handle, title or handle, limits))
    return sorted(views, key=lambda view: (view.target != "category", view.key))
