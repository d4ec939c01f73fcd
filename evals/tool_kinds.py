"""Which tools only read and which change something: tool-call metrics report them apart."""

from __future__ import annotations

from typing import Literal

ToolKind = Literal["read", "write"]

READ_TOOLS = frozenset(
    {
        "search_products",
        "get_product",
        "compare_products",
        "rank_products",
        "ask_product",
        "list_promotions",
        "search_knowledge",
        "check_stock",
        "get_price",
        "view_cart",
        "get_order_status",
        "recommend_products",
        "recommend_for_me",
        "suggest_add_on",
    }
)
WRITE_TOOLS = frozenset(
    {
        "add_to_cart",
        "update_cart_item",
        "remove_from_cart",
        "apply_coupon",
        "remove_coupon",
        "start_checkout",
        "request_human",
        "request_better_price",
        "set_personal_recommendations",
    }
)

# Calls the loop makes itself, not a brain's choice (the add-on after an add to the cart): shown
# in transcripts, left out of the tool-call precision that measures the brain.
LOOP_CALLS = frozenset({"suggest_add_on"})


def tool_kind(name: str) -> ToolKind:
    """'write' for tools that change the cart, orders or conversation; 'read' for the rest."""
    return "write" if name in WRITE_TOOLS else "read"
