"""The merchant's limits on a cart, checked in code: quantity per line and lines per cart."""

from __future__ import annotations

from assistant.config import Settings
from tools.results import ToolError


def quantity_problem(quantity: int, settings: Settings) -> ToolError | None:
    """Why `quantity` cannot go on a cart line, or None when it can."""
    if quantity < 1:
        return ToolError(
            code="invalid_quantity",
            message=f"{quantity} is not a quantity that can be bought.",
            next_step="Use a whole number of at least 1; to drop an item call remove_from_cart.",
        )
    if quantity > settings.max_line_quantity:
        return ToolError(
            code="quantity_over_limit",
            message=f"At most {settings.max_line_quantity} units of one item fit in an order.",
            next_step=(
                f"Offer {settings.max_line_quantity}; for larger orders offer a human colleague."
            ),
        )
    return None


def cart_full(settings: Settings) -> ToolError:
    """The error for a cart that already has the maximum number of lines."""
    return ToolError(
        code="cart_full",
        message=f"The cart already holds {settings.max_cart_lines} different items, the maximum.",
        next_step="Remove an item with remove_from_cart before adding another.",
    )
