"""What the offline engine says while bargaining, in English and Simplified Chinese; every
figure (percentage, code, date, total, units) comes from `request_better_price`'s result."""

from __future__ import annotations

BARGAIN_PHRASES: dict[str, tuple[str, str]] = {
    "bargain_offer": (
        "I can offer you {percent}% off: code {code}, already applied to your cart and valid "
        "until {ends}. Your new total is {total}.",
        "可以给您优惠{percent}%：优惠码 {code} 已用在您的购物车上，有效期至{ends}。"
        "现在的总价是{total}。",
    ),
    "bargain_offer_code_only": (
        "I can offer you {percent}% off with code {code}, valid until {ends} for this cart. "
        "Your cart already has a coupon, and a cart takes one: swap it for {code} if you prefer.",
        "可以给您优惠{percent}%，优惠码 {code}，本购物车有效期至{ends}。"
        "您的购物车已有一张优惠券，每个购物车只能用一张，您可以换成 {code}。",
    ),
    "bargain_beyond": (
        "I'm sorry, {asked}% is more than I'm able to take off.",
        "很抱歉，{asked}%超出了我能给的优惠。",
    ),
    "bargain_already_offered": (
        "I'm sorry, I can't go lower: the offer I made is the best I can do. Your code {code} "
        "gives {percent}% off until {ends}.",
        "很抱歉，不能再低了：之前给您的就是我能给的最大优惠。优惠码 {code} 可享{percent}%优惠，"
        "有效期至{ends}。",
    ),
    "bargain_min_quantity": (
        "I'm sorry, I can't lower the price of the {product} for {quantity}. An offer starts "
        "from {needed} units in your cart.",
        "很抱歉，{product}买{quantity}件不能再优惠了。购物车里有{needed}件起才能给您优惠。",
    ),
    "bargain_needs_bundle": (
        "I'm sorry, I can't lower the price of the {product} on its own. I can make an offer "
        "when your cart also holds something that goes with it, such as {related}.",
        "很抱歉，{product}单买不能再优惠了。如果购物车里还有与它搭配的商品（例如{related}），"
        "我就可以给您优惠。",
    ),
    "bargain_no_room": (
        "I'm sorry, the {product} is already at the best price I can give. Active promotions "
        "and quantity discounts still apply automatically.",
        "很抱歉，{product}已经是我能给的最低价了。进行中的促销和多件优惠仍会自动生效。",
    ),
    "bargain_not_in_cart": (
        "An offer is made on items in your cart: add the {product} to your cart and ask me again.",
        "优惠只针对购物车里的商品：请先把{product}加入购物车，再问我一次。",
    ),
    "bargain_empty_cart": (
        "Your cart is empty: add the item you'd like and ask me again for a better price. "
        "Active promotions and quantity discounts apply automatically.",
        "您的购物车是空的：先加入想买的商品，再问我能不能优惠。进行中的促销和多件优惠会自动生效。",
    ),
}
