"""Every sentence the offline engine writes, in English and Simplified Chinese.

Templates hold wording only; every figure filled into them comes from a tool result or a
retrieved passage of the same turn.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.contract import TOOL_ERROR_CODE
from assistant.agent.offline.bargain_phrases import BARGAIN_PHRASES

PHRASES: dict[str, tuple[str, str]] = {
    "greeting": (
        "Hi! I'm the shopping assistant for {store}. I can find products, check stock and "
        "prices, manage your cart and orders, and answer questions about shipping, returns and "
        "more. What are you looking for?",
        "您好！我是{store}的购物助手。我可以帮您找商品、查库存和价格、管理购物车和订单，"
        "也可以解答配送、退货等问题。请问您想找什么？",
    ),
    "thanks": (
        "You're welcome! Is there anything else I can help with?",
        "不客气！还有什么可以帮您的吗？",
    ),
    "goodbye": ("Thanks for visiting {store}. Have a great day!", "感谢光临{store}，祝您愉快！"),
    "off_topic": (
        "I can only help with shopping at {store}: products, stock, prices, your cart, orders, "
        "shipping and returns. What can I find for you?",
        "我只能协助与{store}购物相关的问题：商品、库存、价格、购物车、订单、配送和退货。"
        "请问需要帮您找什么？",
    ),
    "search_intro": ("Here's what I found:", "为您找到以下商品："),
    "search_relaxed": (
        "I couldn't find an exact match, but these come close:",
        "没有完全符合的商品，以下几款比较接近：",
    ),
    "search_none": (
        "I couldn't find anything matching that. Could you describe it differently or name the "
        "kind of product?",
        "没有找到符合的商品。能换个说法，或告诉我商品类别吗？",
    ),
    "search_line": ("• {title}: {price} ({stock})", "• {title}：{price}（{stock}）"),
    "price_from": ("from {price}", "{price}起"),
    "in_stock": ("in stock", "有货"),
    "out_of_stock": ("out of stock", "缺货"),
    "search_outro": (
        "Would you like details, stock for a particular size or colour, or to add one to your "
        "cart?",
        "需要查看详情、查询某个尺码或颜色的库存，或者加入购物车吗？",
    ),
    "which_product": (
        "Which product do you mean? Tell me its name, or tell me what you're looking for.",
        "请问您指的是哪款商品？告诉我商品名称，或者告诉我您在找什么。",
    ),
    "which_option": (
        "{title} comes in more than one {option}. Which would you like? Available: {values}.",
        "{title}有多个{option}可选，请问您要哪一个？可选：{values}。",
    ),
    "option_unavailable": (
        "{title} doesn't come in {wanted}. Available {option}: {values}.",
        "{title}没有{wanted}。可选{option}：{values}。",
    ),
    "stock_yes": (
        "Yes, {item} is in stock: {available} available.",
        "有货：{item}目前有{available}件。",
    ),
    "stock_short": (
        "{item}: only {available} available right now, fewer than the {requested} you asked for.",
        "{item}目前只有{available}件，少于您需要的{requested}件。",
    ),
    "stock_no": ("Sorry, {item} is out of stock right now.", "抱歉，{item}目前缺货。"),
    "alternatives": ("You could take instead:", "您可以考虑："),
    "alternative_line": (
        "• {title} {options}: {price}, {available} available",
        "• {title} {options}：{price}，有{available}件",
    ),
    "stock_by_option": (
        "{title}{given}: in stock in {available}.",
        "{title}{given}：有货的{option}为{available}。",
    ),
    "given_options": (" in {values}", "（{values}）"),
    "stock_none_left": (
        "{title} is out of stock in every option right now.",
        "{title}目前所有款式都缺货。",
    ),
    "price_unit": ("{item} costs {unit} each.", "{item}单价{unit}。"),
    "price_total": ("For {quantity}, the total is {total}.", "{quantity}件共{total}。"),
    "price_rule": ("({rule} applied.)", "（已享受：{rule}。）"),
    "price_coupon": (
        "Coupon {code} takes {discount} off that.",
        "使用优惠码{code}可再减{discount}。",
    ),
    "price_coupon_problem": (
        "Coupon {code} does not apply: {problem}",
        "优惠码{code}无法使用：{problem}",
    ),
    "price_range": (
        "{title} costs {low} to {high}, depending on the option.",
        "{title}价格为{low}至{high}，视款式而定。",
    ),
    "price_single": ("{title} costs {price}.", "{title}售价{price}。"),
    "added": (
        "Added {quantity} × {item} to your cart. Your cart now has {count} item(s), total {total}.",
        "已将{quantity}件{item}加入购物车。购物车共{count}件，合计{total}。",
    ),
    "updated": (
        "Updated: {quantity} × {item}. Cart total: {total}.",
        "已更新：{item} × {quantity}。购物车合计{total}。",
    ),
    "removed": (
        "Removed {item} from your cart. Cart total: {total}.",
        "已从购物车移除{item}。购物车合计{total}。",
    ),
    "swapped": (
        "Swapped {old} for {new} in your cart. Cart total: {total}.",
        "已将购物车中的{old}换成{new}。购物车合计{total}。",
    ),
    "swap_same": ("{item} is already the one in your cart.", "购物车里已经是{item}。"),
    "swap_which": (
        "{title} comes in: {values}. Which one would you like instead?",
        "{title}可选：{values}。请问您想换成哪一个？",
    ),
    "not_in_cart": (
        "I couldn't find that in your cart. Here is what's in it:",
        "购物车里没有找到这件商品。购物车目前有：",
    ),
    "cart_empty": ("Your cart is empty.", "您的购物车是空的。"),
    "cart_empty_after_ask": (
        "Nothing is in your cart yet: {title} still needs a choice of {option}. "
        "Tell me which one and I'll add it.",
        "购物车里还没有商品：{title}还需要选择{option}。告诉我您要哪一个，我就帮您加入。",
    ),
    "cart_empty_after_failed_add": (
        "Nothing is in your cart yet: the last item could not be added. Tell me what you'd "
        "like and I'll add it.",
        "购物车里还没有商品：上一件商品没能加入购物车。告诉我您想要什么，我来帮您添加。",
    ),
    "list_fit_intro": ("These come in {values}:", "以下商品有{values}："),
    "list_fit_line": ("• {title}: {price}", "• {title}：{price}"),
    "list_none_fit": (
        "None of those come in {values}. Would you like me to search for something else?",
        "这些商品都没有{values}。需要我帮您找找别的吗？",
    ),
    "cart_emptied": ("I've emptied your cart.", "已清空您的购物车。"),
    "coupon_removed": (
        "The coupon is off your cart. Your total is {total}.",
        "已取消优惠码。购物车合计{total}。",
    ),
    "bad_quantity": (
        "I can only add a positive number of items. How many would you like?",
        "数量需要是正数，请问您需要几件？",
    ),
    "cart_intro": ("Your cart:", "您的购物车："),
    "cart_line": ("• {quantity} × {item}: {total}", "• {item} × {quantity}：{total}"),
    "cart_coupon": ("Coupon {code}: -{discount}", "优惠码{code}：-{discount}"),
    "cart_total": ("Total: {total}", "合计：{total}"),
    "coupon_needed": ("Which coupon code would you like to use?", "请问您要使用哪个优惠码？"),
    "coupon_applied": (
        "Coupon {code} applied: -{discount}. Your new total is {total}.",
        "已使用优惠码{code}：-{discount}。新的合计为{total}。",
    ),
    "checkout_done": (
        "Your order {number} is created and awaiting payment. Total: {total}. "
        "Complete your payment here: {url}",
        "您的订单{number}已创建，等待付款。合计：{total}。请在此完成付款：{url}",
    ),
    "order_status": (
        "Order {number} is {status} (last update {date}).",
        "订单{number}的状态：{status}（最近更新：{date}）。",
    ),
    "order_tracking": (
        "Tracking: {carrier} {tracking}. {url}",
        "物流：{carrier} {tracking}。{url}",
    ),
    "order_items": ("Items: {items}.", "商品：{items}。"),
    "orders_intro": ("Your recent orders:", "您最近的订单："),
    "orders_line": ("• {number}: {status}, {total}", "• {number}：{status}，{total}"),
    "orders_none": ("I can't find any orders for you.", "没有找到您的订单。"),
    "knowledge_answer": ("{answer}", "{answer}"),
    "knowledge_source": ("(Source: {source})", "（来源：{source}）"),
    "knowledge_english": (
        "",
        "以下是我们店铺文件中的相关内容（英文原文）：",
    ),
    "case_within": (
        "Yes: {figure} is still within the {limit} our policy gives.",
        "{yes}：{figure}还在规定的{limit}以内。",
    ),
    "case_past": (
        "No: {figure} is past the {limit} our policy gives.",
        "{no}：{figure}已超过规定的{limit}。",
    ),
    "case_reaches": (
        "Your {figure} reaches the {limit} this rule asks for.",
        "您的{figure}已达到规定的{limit}。",
    ),
    "case_below": (
        "Your {figure} is below the {limit} this rule asks for, so it does not apply.",
        "您的{figure}低于规定的{limit}，这条规定不适用。",
    ),
    "case_yes": ("Yes.", "{yes}。"),
    "case_no": ("No.", "{no}。"),
    "not_sure": (
        "I'm not sure I have the right answer to that.",
        "这个问题我没有把握回答准确。",
    ),
    "tool_failed": (
        "Sorry, I couldn't do that just now because of a problem on our side.",
        "抱歉，由于我们这边出了点问题，暂时无法完成这个操作。",
    ),
    "bargain": (
        "I can't change prices, but active promotions and quantity discounts apply "
        "automatically, and you can use a coupon code in your cart.",
        "我无法修改价格，不过进行中的促销和多件优惠会自动生效，您也可以在购物车中使用优惠码。",
    ),
    "facts_intro": ("{title}:", "{title}："),
    "fact_line": ("• {name}: {value}", "• {name}：{value}"),
    "recommend_intro": ("You might also like:", "您可能还会喜欢："),
    "recommend_none": (
        "I don't have a suggestion in stock for that right now.",
        "目前没有可推荐的有货商品。",
    ),
    "handoff": (
        "I'm connecting you with a member of our team.",
        "我正在为您转接人工客服。",
    ),
    "compare_winner": (
        "The {winner} {says}: {label} {value} against {others}.",
        "{winner} {says}：{label}：{value}；{others}。",
    ),
    "compare_other": ("{value} for the {title}", "{title}：{value}"),
    "compare_fact": ("{label} {value}", "{label}：{value}"),
    "compare_tie": (
        "On {label} they are level: {value} for each.",
        "{label}上它们一样，都是：{value}。",
    ),
    "compare_split": (
        "The {winners} share the lead on {label} with {value}; {others}.",
        "{winners}的{label}并列领先，都是：{value}；{others}。",
    ),
    "compare_no_figure": (
        "The product information doesn't give a figure to compare that on.",
        "商品信息中没有可以比较这一点的数据。",
    ),
    "compare_intro": ("The main differences:", "主要区别："),
    "compare_columns": ("Side by side ({titles}):", "对比（{titles}）："),
    "compare_line": ("• {label}: {values}", "• {label}：{values}"),
    "compare_shared": ("In common: {facts}.", "共同点：{facts}。"),
    "compare_no_difference": (
        "Their product information lists no differences.",
        "商品信息中没有列出它们的区别。",
    ),
    "promo_intro": ("Running now:", "目前正在进行的优惠："),
    "promo_rule_line": (
        "• {off} {scope}{conditions} ({name})",
        "• {scope}{conditions}：{off}（{name}）",
    ),
    "promo_percent_off": ("{percent}% off", "{percent}% 优惠"),
    "promo_percent_off_tenths": ("{percent}% off", "{percent}% 优惠（{tenths}折）"),
    "promo_everything": ("everything", "全场"),
    "promo_from_units": (" when you buy {n} or more", "满{n}件"),
    "promo_until": (", until {date}", "，截至{date}"),
    "promo_products": ("On sale now:", "目前打折的商品："),
    "promo_product_line": (
        "• {title}: {price} (was {regular})",
        "• {title}：{price}（原价{regular}）",
    ),
    "promo_coupons": ("Coupon codes you can use:", "可以使用的优惠码："),
    "promo_coupon_line": ("• {code}: {terms}", "• {code}：{terms}"),
    "promo_amount_off": ("{amount} off", "减{amount}"),
    "promo_min_spend": ("{off} orders of {amount} or more", "订单满{amount}，{off}"),
    "promo_once": (", once per customer", "，每位顾客限用一次"),
    "promo_nothing": (
        "There are no promotions or coupon codes running right now.",
        "目前没有正在进行的优惠活动或优惠码。",
    ),
    "promo_none_category": (
        "There's no promotion on that right now.",
        "这类商品目前没有优惠活动。",
    ),
    "promo_running_instead": ("What is on right now:", "目前正在进行的优惠："),
    "promo_product_on_sale": (
        "Yes, {title} is on sale: {price} instead of {regular}.",
        "有的，{title}正在打折：现价{price}，原价{regular}。",
    ),
    "promo_product_on_sale_from": (
        "Yes, {title} is on sale, from {price}.",
        "有的，{title}正在打折，{price}起。",
    ),
    "promo_product_none": (
        "{title} isn't on sale right now: it costs {price}.",
        "{title}目前没有打折，售价{price}。",
    ),
    "promo_product_breaks": ("Buying more of it saves:", "多买有优惠："),
    "promo_code_active": ("{code} is valid: {terms}.", "{code}可以使用：{terms}。"),
    "promo_code_order_takes": (
        "On an order of {total} it takes {discount} off, making {after}.",
        "订单{total}可以减{discount}，减后{after}。",
    ),
    "promo_code_order_short": (
        "That order doesn't qualify: {code} needs at least {amount}.",
        "这笔订单不符合条件：{code}需要订单满{amount}。",
    ),
    "promo_code_cart_takes": (
        "On your cart ({total}) it takes {discount} off, making {after}. Shall I apply it?",
        "用在您的购物车（{total}）上可以减{discount}，减后{after}。需要帮您使用吗？",
    ),
    "promo_code_cart_short": (
        "Your cart ({total}) doesn't qualify yet: {code} needs at least {amount}.",
        "您的购物车（{total}）还不符合条件：{code}需要订单满{amount}。",
    ),
    "promo_code_expired": (
        "{code} ended on {date} and no longer works.",
        "{code}已于{date}过期，不能再使用。",
    ),
    "promo_code_not_started": (
        "{code} can't be used yet: it starts on {date}.",
        "{code}还不能使用，{date}起生效。",
    ),
    "promo_code_used_up": (
        "{code} has been fully redeemed and is no longer available.",
        "{code}已被领完，不能再使用。",
    ),
    "promo_code_already_used": (
        "{code} can be used once per customer, and it has already been used on your account.",
        "{code}每位顾客限用一次，您已经使用过了。",
    ),
    "promo_more": ("More in our FAQ: {source}", "更多说明见：{source}"),
    "compare_which": (
        "Which products would you like me to compare? Tell me two to four by name.",
        "请问您想比较哪几款商品？请告诉我两到四款商品的名称。",
    ),
    "stock_state": ("Stock", "库存"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "answer_yes": ("Yes - ", "是的。"),
    "answer_no": ("No - ", "不是。"),
    "product_says_english": ("", "商品资料原文（英文）："),
    "product_not_stated": (
        "The product information for the {title} doesn't say.",
        "{title}的商品资料里没有提到这一点。",
    ),
    "product_related": ("What it does say:", "资料里相关的内容："),
    "product_ask_person": (
        "If you'd like, I can ask a member of our team to check.",
        "如果需要，我可以请同事帮您确认。",
    ),
    "rank_winner": (
        "The {title} is {says}: {figure}, {stock}.",
        "{title}{says}：{figure}，{stock}。",
    ),
    "rank_winner_figure": (
        "The {title} has the {end} {label}: {figure}, {stock}.",
        "{title}的{label}{end}：{figure}，{stock}。",
    ),
    "rank_highest": ("highest", "最高"),
    "rank_lowest": ("lowest", "最低"),
    "rank_figure": ("{value} ({price})", "{value}（{price}）"),
    "rank_other": ("{title}, {figure}", "{title}：{figure}"),
    "rank_then": ("Then: {others}.", "其次：{others}。"),
    "rank_order_most": ("By {label}, highest first:", "按{label}从高到低："),
    "rank_order_least": ("By {label}, lowest first:", "按{label}从低到高："),
    "rank_line": ("• {title}: {figure}", "• {title}：{figure}"),
    "rank_none_complete": (
        "None of them has everything you asked for; the closest:",
        "没有完全符合您要求的商品，最接近的是：",
    ),
    "rank_partial": ("Not everything you asked for:", "以下几款不完全符合您的要求："),
    "rank_partial_line": ("• {title}: {figure} - {unmet}", "• {title}：{figure}（{unmet}）"),
    "rank_over_price": ("over {price}", "超过{price}"),
    "rank_under_price": ("under {price}", "低于{price}"),
    "rank_without": ("not {feature}", "不符合：{feature}"),
    "rank_other_value": ("{feature} isn't {value}", "{feature}不是{value}"),
    "rank_missing": (
        "{count} more here don't state their {label}.",
        "另有{count}款没有注明{label}。",
    ),
    "rank_missing_one": (
        "{count} more here doesn't state its {label}.",
        "另有{count}款没有注明{label}。",
    ),
    "not_sold": ("Sorry, we don't sell {thing}.", "抱歉，我们不卖{thing}。"),
    "not_sold_near": ("The nearest we have:", "最接近的商品有："),
    "not_sold_near_line": ("• {title} ({price})", "• {title}（{price}）"),
    "not_sold_aisles": ("What we do sell: {aisles}.", "我们销售的商品类别有：{aisles}。"),
    "not_sold_outro": (
        "Would you like details on one of them, or help finding something else?",
        "需要了解其中哪一款的详情，或者帮您找别的商品吗？",
    ),
    "not_sold_other": (
        "Is there something else I can help you find?",
        "需要帮您找别的商品吗？",
    ),
    **BARGAIN_PHRASES,
}

# Chinese wording for the tools' recoverable errors; English replies quote the tool's message.
TOOL_ERRORS_ZH: dict[str, str] = {
    "unknown_sku": "没有找到这个商品编号。",
    "product_not_found": "没有找到这件商品。",
    "out_of_stock": "抱歉，这件商品库存不足。",
    "invalid_quantity": "数量无效，请告诉我需要几件。",
    "quantity_over_limit": "这个数量超过了单件商品的购买上限。",
    "cart_full": "购物车已满，请先移除一些商品。",
    "not_in_cart": "购物车里没有这件商品。",
    "empty_cart": "您的购物车是空的。",
    "unknown_coupon": "没有这个优惠码。",
    "coupon_not_started": "这个优惠码还未生效。",
    "coupon_expired": "这个优惠码已过期。",
    "coupon_min_spend": "订单金额未达到这个优惠码的最低消费。",
    "coupon_exhausted": "这个优惠码已被领完。",
    "coupon_customer_limit": "您已使用过这个优惠码。",
    "customer_not_identified": "查询订单需要先登录店铺账户。",
    "order_not_found": "没有找到这个订单。",
}

STATUS_NAMES: dict[str, tuple[str, str]] = {
    "pending_payment": ("awaiting payment", "待付款"),
    "paid": ("paid", "已付款"),
    "shipped": ("shipped", "已发货"),
    "delivered": ("delivered", "已送达"),
    "cancelled": ("cancelled", "已取消"),
    "refunded": ("refunded", "已退款"),
}


OPTION_NAMES_ZH = {
    "size": "尺码",
    "colour": "颜色",
    "color": "颜色",
    "length": "长度",
    "capacity": "容量",
    "weight": "重量",
    "width": "宽度",
    "material": "材质",
}


def option_name(name: str, language: str) -> str:
    """An option's name as a shopper reads it (the store's own name when no translation)."""
    return OPTION_NAMES_ZH.get(name.lower(), name) if language == "zh" else name


def say(key: str, language: str, **values: Any) -> str:
    """One phrase in the shopper's language, filled in."""
    english, chinese = PHRASES[key]
    template = chinese if language == "zh" else english
    return template.format(**values)


def tool_problem(result: dict[str, Any], language: str) -> str:
    """A tool's recoverable error for the shopper: its own message, or the Chinese wording."""
    if result.get("code") == TOOL_ERROR_CODE:
        return say("tool_failed", language)
    message = str(result.get("message", ""))
    if language == "zh":
        return TOOL_ERRORS_ZH.get(str(result.get("code")), message)
    return message


def status_name(status: str, language: str) -> str:
    """An order status as a shopper reads it."""
    english, chinese = STATUS_NAMES.get(status, (status.replace("_", " "), status))
    return chinese if language == "zh" else english
