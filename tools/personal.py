"""`recommend_for_me` and `set_personal_recommendations`: suggestions from what the identified
customer bought, and their choice to turn them off.

Suggestions come from what the merchant lists as going with the products the customer kept, then
from what other customers bought with them; only products in stock now, priced now, in the
customer's usual size where the product comes in sizes. Nothing personal for an anonymous
shopper or a customer who opted out: the tool says why instead.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from assistant.domain import ConsentRecord, Customer, Product
from assistant.domain.base import utcnow
from tools.arguments import IdempotencyKey
from tools.catalog_view import (
    ProductSummary,
    VariantInfo,
    active_products,
    category_subtree,
    summarize,
    variant_info,
)
from tools.deps import ToolDeps
from tools.idempotency import run_write
from tools.pricing_engine import PriceBook
from tools.purchase_history import (
    SIZE_OPTION,
    UsualSize,
    is_body_size,
    past_lines,
    personalisation_allowed,
    size_for_category,
    usual_sizes,
)
from tools.recommend import CompanionReason, companions
from tools.results import ToolError

PersonalReason = CompanionReason
PERSONAL_LIMIT = 3


class PersonalPick(BaseModel):
    """A product suggested because of something the customer bought."""

    product: ProductSummary = Field(description="Only the variants in stock (in their size).")
    reason: PersonalReason
    because_of: str = Field(description="Title of the product they bought that it goes with.")


class PersonalRecommendations(BaseModel):
    """What the identified customer's history suggests."""

    first_name: str | None = None
    usual_sizes: list[UsualSize] = Field(default_factory=list)
    bought: list[str] = Field(
        default_factory=list, description="Titles of the bought products the picks are for."
    )
    items: list[PersonalPick] = Field(default_factory=list)


class PersonalisationChoice(BaseModel):
    """Whether the customer gets personal recommendations, after the change."""

    enabled: bool


def not_identified() -> ToolError:
    """The answer for a shopper the shop does not know."""
    return ToolError(
        code="customer_not_identified",
        message="Personal suggestions need you to be signed in to your account.",
        next_step="Ask the shopper to sign in, or suggest products without their history.",
    )


def opted_out() -> ToolError:
    """The answer for a customer who turned personal recommendations off."""
    return ToolError(
        code="personalisation_off",
        message="You turned off suggestions based on your purchase history.",
        next_step="Suggest products without the customer's history (recommend_products).",
    )


def recommend_for_me(
    deps: ToolDeps,
    category: str | None = None,
) -> PersonalRecommendations | ToolError:
    """Suggest in-stock products that go with what this signed-in customer bought before, and
    report the sizes they usually take. Use it for "my usual size?", "what goes with the tent
    I bought?", "anything for me?".

    Args:
        category: Category slug or name of the bought products to build on, e.g. 'tents'.
            Leave empty to use everything they bought.
    """
    with deps.database.session() as session:
        if deps.customer_id is None:
            return not_identified()
        if not personalisation_allowed(session, deps.customer_id):
            return opted_out()
        customer = session.get(Customer, deps.customer_id)
        assert customer is not None
        lines = past_lines(session, deps.store_id, deps.customer_id)
        sizes = usual_sizes(lines)
        bought_ids = list(dict.fromkeys(line.product_id for line in lines))
        base_ids = bought_ids
        if category:
            allowed = category_subtree(session, deps.store_id, category)
            narrowed = [
                line.product_id for line in lines if allowed and line.category_id in allowed
            ]
            base_ids = list(dict.fromkeys(narrowed)) or bought_ids
        items = personal_picks(session, deps, base_ids, set(bought_ids), sizes)
        titles = {line.product_id: line.title for line in lines}
        return PersonalRecommendations(
            first_name=customer.first_name,
            usual_sizes=sizes,
            bought=[titles[pid] for pid in base_ids],
            items=items,
        )


def personal_picks(
    session: Session,
    deps: ToolDeps,
    base_ids: list[int],
    bought: set[int],
    sizes: list[UsualSize],
    limit: int = PERSONAL_LIMIT,
) -> list[PersonalPick]:
    """Listed companions first, then co-purchase; never what they already have."""
    bases = set(base_ids)
    chosen = companions(session, deps.store_id, bases, exclude=bought)
    if not chosen:
        return []
    book = PriceBook.load(session, deps.store_id, deps.now())
    candidates = {p.id: p for p in active_products(session, deps.store_id, ids=chosen)}
    owned = active_products(session, deps.store_id, ids=bought)
    titles = {p.id: p.title for p in owned if p.id in bases}
    owned_by_id = {p.id: p for p in owned}
    owned_categories = {p.category_id for p in owned if p.category_id is not None}
    picks = []
    for pick_id, (reason, base_id) in chosen.items():
        candidate = candidates.get(pick_id)
        if candidate is None or base_id not in titles:
            continue
        if _replaces_owned(candidate, owned_by_id[base_id], owned_categories):
            continue
        category = candidate.category.slug if candidate.category else None
        fitting = fitting_variants(candidate, book, size_for_category(sizes, category))
        if not fitting:
            continue
        picks.append(
            PersonalPick(
                product=summarize(candidate, fitting, all_variants=fitting),
                reason=reason,
                because_of=titles[base_id],
            )
        )
        if len(picks) == limit:
            break
    return picks


def _replaces_owned(candidate: Product, base: Product, owned_categories: set[int]) -> bool:
    """A dearer product of a kind they own is a replacement, not something that goes with it:
    the socks they bought point to boots, and they have boots."""
    if candidate.category_id not in owned_categories:
        return False
    cheapest = min(variant.price_minor for variant in candidate.variants)
    return cheapest > min(variant.price_minor for variant in base.variants)


def fitting_variants(product: Product, book: PriceBook, size: str | None) -> list[VariantInfo]:
    """The product's variants in stock, in `size` when it comes in sizes that fit a person; such
    a product with no size known for the shopper gets nothing (a guess is not a suggestion).
    Product sizes ("100 g", "Regular") need no fit: every variant in stock counts."""
    infos = [variant_info(variant, product, book) for variant in product.variants]
    in_stock = [info for info in infos if info.in_stock]
    sized = [info for info in infos if is_body_size(info.options.get(SIZE_OPTION))]
    if not sized:
        return in_stock
    if size is None or all(info.options.get(SIZE_OPTION) != size for info in sized):
        return []
    return [info for info in in_stock if info.options.get(SIZE_OPTION) == size]


def set_personal_recommendations(
    deps: ToolDeps, enabled: bool, *, idempotency_key: IdempotencyKey
) -> PersonalisationChoice | ToolError:
    """Turn suggestions based on the signed-in customer's purchase history on or off, as they
    ask ("stop using my history", "不要根据我的购买记录推荐"). Takes effect at once.

    Args:
        enabled: False to stop personal suggestions, True to allow them again.
    """
    if deps.customer_id is None:
        return not_identified()

    def effect(session: Session) -> PersonalisationChoice | ToolError:
        customer = session.get(Customer, deps.customer_id)
        if customer is None:
            return not_identified()
        change_personalisation(session, customer, enabled=enabled, source="chat", at=deps.now())
        return PersonalisationChoice(enabled=not customer.personalisation_opt_out)

    return run_write(
        deps,
        operation="set_personal_recommendations",
        key=idempotency_key,
        request={"enabled": enabled},
        result_type=PersonalisationChoice,
        effect=effect,
    )


def change_personalisation(
    session: Session,
    customer: Customer,
    *,
    enabled: bool,
    source: str,
    at: datetime | None = None,
) -> None:
    """Record the choice in the consent history and make it the customer's current one."""
    when = at or utcnow()
    customer.personalisation_opt_out = not enabled
    customer.personalisation_changed_at = when
    session.add(
        ConsentRecord(
            store_id=customer.store_id,
            customer_id=customer.id,
            kind="personalisation",
            granted=enabled,
            source=source,
            at=when,
        )
    )
    session.flush()


def customer_brief(deps: ToolDeps) -> dict[str, object] | None:
    """First name and usual sizes for the brain's context; None when nothing personal may be
    used (an anonymous shopper, or a customer who opted out)."""
    with deps.database.session() as session:
        if not personalisation_allowed(session, deps.customer_id):
            return None
        assert deps.customer_id is not None
        customer = session.get(Customer, deps.customer_id)
        assert customer is not None
        sizes = usual_sizes(past_lines(session, deps.store_id, deps.customer_id))
        return {
            "first_name": customer.first_name,
            "usual_sizes": {usual.category_slug: usual.size for usual in sizes},
        }
