"""The checkout page's HTML: the order's lines and totals, a notice for what just happened or
why it cannot be paid, and a plain form whose one button pays (no script at all).

Every value comes from the order record and is escaped; the wording is the store's language.
"""

from __future__ import annotations

import html
from string import Template

from assistant.api.web_files import WEB_DIR
from assistant.checkout_payments import CheckoutLine, CheckoutOrder, Language, Outcome

_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Pay for order {number}",
        "heading": "Order {number}",
        "summary": "Your order",
        "quantity": "Quantity {quantity} × {price}",
        "line_discount": "Discount −{amount}",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "total": "Total ({currency})",
        "pay": "Pay {total}",
        "hold": "The items are held for you until {time} UTC.",
        "demo": "Demo payment: no card is charged.",
        "paid_now": "Thank you! Your payment was received. You can return to the chat.",
        "already_paid": "This order is already paid. Nothing more is charged.",
        "expired": "This order can no longer be paid: the time to pay ran out and the items "
        "were released. Ask in the chat to order again.",
        "cancelled": "This order can no longer be paid: it was cancelled. Ask in the chat to "
        "order again.",
    },
    "zh": {
        "title": "支付订单 {number}",
        "heading": "订单 {number}",
        "summary": "订单明细",
        "quantity": "数量 {quantity} × {price}",
        "line_discount": "优惠 −{amount}",
        "subtotal": "小计",
        "discount": "优惠",
        "total": "合计（{currency}）",
        "pay": "支付 {total}",
        "hold": "商品为您保留至 {time}（UTC）。",
        "demo": "演示支付：不会扣款。",
        "paid_now": "谢谢！已收到您的付款。您可以回到聊天窗口。",
        "already_paid": "此订单已付款，不会重复扣款。",
        "expired": "此订单已无法支付：付款时间已过，商品已释放。如需购买，请在聊天中重新下单。",
        "cancelled": "此订单已无法支付：订单已取消。如需购买，请在聊天中重新下单。",
    },
}


def _say(language: Language, key: str, **values: object) -> str:
    return html.escape(_TEXT[language][key].format(**values))


def _line(line: CheckoutLine, language: Language) -> str:
    details = [_say(language, "quantity", quantity=line.quantity, price=line.unit_price)]
    if line.options:
        details.insert(0, html.escape(line.options))
    if line.discount:
        details.append(_say(language, "line_discount", amount=line.discount))
    paragraphs = "".join(f"<p>{detail}</p>" for detail in details)
    return (
        f'<li class="line"><div><h2>{html.escape(line.title)}</h2>{paragraphs}</div>'
        f'<span class="amount">{html.escape(line.line_total)}</span></li>'
    )


def _totals(order: CheckoutOrder) -> str:
    language = order.language
    rows = [(_say(language, "subtotal"), order.subtotal, "")]
    if order.discount:
        rows.append((_say(language, "discount"), f"−{order.discount}", ""))
    rows.append((_say(language, "total", currency=order.currency), order.total, ' class="total"'))
    return "\n".join(
        f'<div{extra}><dt>{label}</dt><dd class="amount">{html.escape(amount)}</dd></div>'
        for label, amount, extra in rows
    )


def _notice(order: CheckoutOrder, outcome: Outcome | None) -> str:
    key = {"paid": "paid_now", "already_paid": "already_paid"}.get(outcome or "")
    if key is None and order.state in ("expired", "cancelled"):
        key = order.state
    if key is None and order.state == "paid":
        key = "already_paid"
    if key is None:
        return ""
    kind = "stop" if key in ("expired", "cancelled") else "ok"
    return f'<p class="notice {kind}" role="status">{_say(order.language, key)}</p>'


def _pay_form(order: CheckoutOrder, pay_action: str) -> str:
    if order.state != "payable":
        return ""
    language = order.language
    hold = ""
    if order.hold_expires_at is not None:
        when = f"{order.hold_expires_at:%Y-%m-%d %H:%M}"
        hold = f'<p class="hint">{_say(language, "hold", time=when)}</p>'
    return (
        f'<form method="post" action="{html.escape(pay_action, quote=True)}">'
        f'<button class="pay" type="submit">{_say(language, "pay", total=order.total)}</button>'
        f"</form>{hold}"
        f'<p class="hint">{_say(language, "demo")}</p>'
    )


def render_checkout(order: CheckoutOrder, *, pay_action: str, outcome: Outcome | None) -> str:
    """The page for one order; `outcome` is what a click on "Pay" just did (None on a visit)."""
    template = Template((WEB_DIR / "checkout.html").read_text(encoding="utf-8"))
    language = order.language
    return template.substitute(
        lang="zh-CN" if language == "zh" else "en",
        title=_say(language, "title", number=order.order_number),
        heading=_say(language, "heading", number=order.order_number),
        store_name=html.escape(order.store_name),
        summary_label=_say(language, "summary"),
        notice=_notice(order, outcome),
        lines="\n".join(_line(line, language) for line in order.lines),
        totals=_totals(order),
        pay_form=_pay_form(order, pay_action),
    )
