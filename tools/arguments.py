"""Closed argument types shared by the tools: SKUs, quantities, coupon codes, idempotency keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# A hard ceiling for the schema; the configurable per-line maximum (Settings.max_line_quantity)
# is enforced in code and written into the schema the model sees by `build_tools`.
QUANTITY_CEILING = 999

Sku = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/+#-]*$",
        description="SKU exactly as returned by search_products, e.g. 'TENT-RL2-GRN'.",
    ),
]
Quantity = Annotated[int, Field(ge=1, le=QUANTITY_CEILING)]
CouponCode = Annotated[
    str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
]
ProductRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/+#-]*$",
        description="Product id, handle or SKU, as returned by search_products.",
    ),
]
OrderNumber = Annotated[
    str, Field(min_length=1, max_length=32, pattern=r"^#?[A-Za-z0-9][A-Za-z0-9_-]*$")
]
IdempotencyKey = Annotated[str, Field(min_length=1, max_length=200)]
