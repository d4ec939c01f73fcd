"""The demo store's returning customers and their past orders, generated the same way every time.

Personal recommendations and "often bought with" need order histories to show anything. The
hand-written customers in `demo_store/customers.json` have a few orders each; this adds a crowd
of returning customers whose baskets follow how outdoor kit is bought together: a main product,
often some of the products the merchant lists as going with it, sometimes something unrelated.
A fixed seed makes every load (and every benchmark run) see the same orders.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.catalog.customers import CustomerIn, CustomersIn, OrderIn, OrderLineIn, StatusStepIn

SEED = 17
CUSTOMERS = 80
FIRST_NAMES = (
    "Ava",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Felix",
    "Grace",
    "Hugo",
    "Isla",
    "Jonas",
    "Kira",
    "Liam",
    "Mei",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
)
LAST_NAMES = ("Berg", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen")
NUMERIC_SIZES = ("38", "39", "40", "41", "42", "43", "44", "45")
LETTER_SIZES = ("S", "M", "L", "XL")
FIRST_ORDER = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
# How often a listed companion joins the main product, and how often a stray product does.
COMPANION_CHANCE = 0.45
STRAY_CHANCE = 0.3


def demo_order_history(catalog: dict[str, Any]) -> CustomersIn:
    """Returning customers `cust-2001`... with one to four past orders each, from `catalog`
    (the demo catalog file's data)."""
    rng = random.Random(SEED)
    products = [p for p in catalog["products"] if p.get("variants")]
    by_handle = {p["id"]: p for p in products}
    # A long tail: a few products are bought far more often than the rest.
    ranked = products[:]
    rng.shuffle(ranked)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(ranked))]
    customers = []
    order_number = 20001
    for index in range(CUSTOMERS):
        sizes = {"numeric": rng.choice(NUMERIC_SIZES), "letter": rng.choice(LETTER_SIZES)}
        orders = []
        for _ in range(rng.randint(1, 4)):
            anchor = rng.choices(ranked, weights)[0]
            basket = [anchor]
            for handle in anchor.get("related", []):
                companion = by_handle.get(handle)
                if companion is not None and rng.random() < COMPANION_CHANCE:
                    basket.append(companion)
            if rng.random() < STRAY_CHANCE:
                basket.append(rng.choices(ranked, weights)[0])
            placed = FIRST_ORDER + timedelta(days=rng.randint(0, 420), minutes=rng.randint(0, 900))
            orders.append(_order(f"TO-{order_number}", placed, basket, sizes, rng))
            order_number += 1
        customers.append(
            CustomerIn(
                external_id=f"cust-{2001 + index}",
                email=f"customer{2001 + index}@example.com",
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                last_name=LAST_NAMES[index % len(LAST_NAMES)],
                tags=["returning"],
                orders=orders,
            )
        )
    return CustomersIn(customers=customers)


def _order(
    number: str,
    placed: datetime,
    basket: list[dict[str, Any]],
    sizes: dict[str, str],
    rng: random.Random,
) -> OrderIn:
    skus: list[str] = []
    for product in basket:
        sku = _variant_sku(product, sizes, rng)
        if sku not in skus:
            skus.append(sku)
    return OrderIn(
        number=number,
        placed_at=placed,
        status="delivered",
        lines=[OrderLineIn(sku=sku, quantity=1) for sku in skus],
        history=[
            StatusStepIn(status="paid", at=placed),
            StatusStepIn(status="shipped", at=placed + timedelta(days=1)),
            StatusStepIn(status="delivered", at=placed + timedelta(days=4)),
        ],
    )


def _variant_sku(product: dict[str, Any], sizes: dict[str, str], rng: random.Random) -> str:
    """The customer's own size when the product comes in it, else any variant."""
    variants = product["variants"]
    fitting = [
        variant
        for variant in variants
        if variant.get("options", {}).get("size") in (sizes["numeric"], sizes["letter"])
    ]
    chosen = rng.choice(fitting or variants)
    return str(chosen["sku"])
