"""Turning a `TurnResult` into the shopper's `ChatReply`: product cards, the cart after the
turn, the checkout link of an order the turn created, and a few quick replies that fit what just
happened (in the shopper's language)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.agent.turn import TurnResult
from assistant.analytics.recording import record_products
from assistant.api.chat_cards import build_cards, mentioned_in, product_refs
from assistant.api.chat_schemas import CartSummary, ChatReply, CheckoutLink, ProductCard
from assistant.domain.money import Money
from tools.cart import view_cart
from tools.deps import ToolDeps

MAX_QUICK_REPLIES = 3

_QUICK_REPLIES: dict[str, dict[str, list[str]]] = {
    "en": {
        "list": ["Add the first one to my cart", "Show cheaper options", "Talk to a person"],
        "product": ["Add it to my cart", "Show similar products", "What sizes are there?"],
        "cart": ["Check out", "View my cart", "Keep shopping"],
        "order": ["Where is my order?", "What is the return policy?"],
        "answer": ["Show me popular products", "Talk to a person"],
        "start": ["What's on sale?", "Track my order", "Talk to a person"],
    },
    "zh": {
        "list": ["把第一个加入购物车", "有更便宜的吗？", "转人工"],
        "product": ["加入购物车", "有类似的商品吗？", "有哪些尺码？"],
        "cart": ["去结账", "查看购物车", "继续购物"],
        "order": ["我的订单到哪了？", "退货政策是什么？"],
        "answer": ["推荐热门商品", "转人工"],
        "start": ["有什么促销？", "查询我的订单", "转人工"],
    },
}
_CART_TOOLS = frozenset({"add_to_cart", "update_cart_item", "remove_from_cart", "apply_coupon"})


def quick_replies(result: TurnResult, cards: Sequence[ProductCard]) -> list[str]:
    """A few next messages the shopper is likely to send; none while a person is needed."""
    if result.quick_replies:
        return result.quick_replies[:MAX_QUICK_REPLIES]
    if result.handoff.state in ("waiting", "human"):
        return []
    table = _QUICK_REPLIES.get(result.language, _QUICK_REPLIES["en"])
    used = {call.name for call in result.tool_calls if call.ok}
    if "start_checkout" in used or "get_order_status" in used:
        situation = "order"
    elif used & _CART_TOOLS:
        situation = "cart"
    elif len(cards) > 1:
        situation = "list"
    elif cards:
        situation = "product"
    elif result.citations:
        situation = "answer"
    else:
        situation = "start"
    return table[situation][:MAX_QUICK_REPLIES]


def cart_summary(deps: ToolDeps) -> CartSummary:
    """Count and total of the shopper's open cart."""
    view = view_cart(deps)
    return CartSummary(item_count=view.item_count, total=view.total, line_count=len(view.lines))


def checkout_link(result: TurnResult) -> CheckoutLink | None:
    """The order the turn's last successful `start_checkout` created, with where to pay it."""
    for call in reversed(result.tool_calls):
        order = call.result
        if call.name != "start_checkout" or not call.ok or not isinstance(order, dict):
            continue
        if order.get("ok") is False or not order.get("checkout_url"):
            return None
        return CheckoutLink(
            order_number=str(order["order_number"]),
            total=Money.model_validate(order["total"]),
            url=str(order["checkout_url"]),
        )
    return None


def build_reply(result: TurnResult, deps: ToolDeps) -> ChatReply:
    """The JSON reply (blocking: reads the catalog and the cart)."""
    with deps.database.session() as session:
        found = build_cards(session, deps.store_id, product_refs(result.tool_calls))
    cards = mentioned_in(result.reply, found)
    if cards and result.conversation_id:
        with deps.database.transaction() as session:
            product_ids = [card.product_id for card in cards]
            record_products(session, deps.store_id, result.conversation_id, "card", product_ids)
    return ChatReply(
        conversation_id=result.conversation_id,
        reply=result.reply,
        language=result.language,
        citations=result.citations,
        product_cards=cards,
        cart=cart_summary(deps),
        checkout=checkout_link(result),
        quick_replies=quick_replies(result, cards),
        handoff=result.handoff,
        confidence=result.confidence,
    )
