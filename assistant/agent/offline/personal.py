"""Personal suggestions in the offline engine: the shopper's usual sizes, what goes with what
they bought, greeting by first name, and turning personal suggestions off or on.

Which messages these are is read by the personal-ask reader over exemplars
(`understanding.personal_signal`, `Understanding.personal`); every size, title and price in a
reply comes from `recommend_for_me`'s result. An anonymous shopper or one who opted out is told
so, and gets nothing from a history.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from assistant.agent.understanding.personal_signal import PersonalKind

SHOWN = 3
_OPT_CHANGES: dict[PersonalKind, bool] = {"opt_out": False, "opt_in": True}
_SIZE_KINDS: frozenset[PersonalKind] = frozenset({"usual_size", "size_i_take"})
PERSONAL_PHRASES: dict[str, tuple[str, str]] = {
    "personal_hello": ("Hi {name}! ", "{name}，您好！"),
    "personal_sizes": ("You usually take {sizes}.", "您通常的尺码：{sizes}。"),
    "personal_size_item": (
        "size {size} in {category} (last bought: {title})",
        "{category}：{size}（最近购买：{title}）",
    ),
    "personal_no_sizes": (
        "I can't see a size in the orders you kept yet.",
        "您保留的订单里还没有尺码记录。",
    ),
    "personal_picks": (
        "Going with what you bought before:",
        "根据您之前买过的商品，推荐：",
    ),
    "personal_pick_line": (
        "- {title}: {price}, in stock, goes with your {base}",
        "- {title}：{price}，有货，可搭配您的{base}",
    ),
    "personal_no_picks": (
        "Nothing in stock right now goes with what you bought before.",
        "目前没有与您之前购买的商品搭配且有货的商品。",
    ),
    "personal_sign_in": (
        "Personal suggestions need you to be signed in to your account; once you are, I can "
        "use your past orders. I'm happy to suggest products without them meanwhile.",
        "个性化推荐需要先登录您的账户，登录后我可以参考您之前的购买记录。现在也可以直接为您推荐商品。",
    ),
    "personal_off": (
        "You turned off suggestions based on your purchase history, so I'm not using it. "
        "I'm happy to suggest products without it.",
        "您已关闭基于购买记录的推荐，所以我不会使用您的购买记录。我仍可以为您推荐商品。",
    ),
    "personal_turned_off": (
        "Done: I won't use your purchase history for suggestions any more. You can turn them "
        "back on at any time.",
        "好的：我不会再根据您的购买记录为您推荐。您可以随时重新开启。",
    ),
    "personal_turned_on": (
        "Done: suggestions can use what you bought before again.",
        "好的：推荐会重新参考您之前的购买记录。",
    ),
    "usual_size_hint": (" Your usual size in {category} is {size}.", "您平时的尺码是{size}。"),
}


def _phrase(key: str, language: str, **values: Any) -> str:
    english, chinese = PERSONAL_PHRASES[key]
    return (chinese if language == "zh" else english).format(**values)


def _kinds(u: Understanding, st: TurnState) -> tuple[PersonalKind, ...]:
    kinds = u.personal.kinds(identified=st.brain.customer_identified)
    if "size" in u.options:
        # A shopper who names a size ("is the first one in stock in size M?") is not asking
        # which size is theirs.
        kinds = tuple(kind for kind in kinds if kind not in _SIZE_KINDS)
    return kinds


def wants_opt_change(u: Understanding, st: TurnState) -> bool | None:
    """False when the shopper turns personal suggestions off, True when back on, else None."""
    kinds = _kinds(u, st)
    if not kinds or kinds[0] not in _OPT_CHANGES:
        return None
    return _OPT_CHANGES[kinds[0]]


def asks_usual_size(u: Understanding, st: TurnState) -> bool:
    """ "What's my usual size?"; "what size do I take" only from an identified customer."""
    return bool(_SIZE_KINDS.intersection(_kinds(u, st)))


def asks_from_history(u: Understanding, st: TurnState) -> bool:
    """ "What goes with the tent I bought?": a wish for more built on their own purchases, not
    a report about one ("I bought boots and they're too small"). A message that names the
    product by its title ("I'm buying the Ridgeline 2P, what goes with it?") has its base and
    needs no history: sentence vectors hardly tell "I'm buying" from "I bought"."""
    return "goes_with_purchase" in _kinds(u, st) and not u.product_handles


def asked(u: Understanding, st: TurnState) -> bool:
    """Whether this turn is about the shopper's history or their personalisation choice."""
    if st.last("recommend_for_me") or st.last("set_personal_recommendations"):
        return True
    kinds = _kinds(u, st)
    return bool(kinds) and (kinds != ("goes_with_purchase",) or asks_from_history(u, st))


def answer_personal(u: Understanding, st: TurnState) -> Step:
    """Call the tool the message needs, then answer from its result."""
    language = u.language
    changed = st.last("set_personal_recommendations")
    if changed is not None:
        if not changed.ok:
            return answer(_problem(changed.result, language))
        key = "personal_turned_on" if changed.result.get("enabled") else "personal_turned_off"
        return answer(_phrase(key, language))
    choice = wants_opt_change(u, st)
    if choice is not None:
        return call("set_personal_recommendations", enabled=choice)
    found = st.last("recommend_for_me")
    if found is None:
        category = u.category_hint if asks_from_history(u, st) else None
        return call("recommend_for_me", **({"category": category} if category else {}))
    if not found.ok:
        return answer(_problem(found.result, language))
    return answer(_write(found.result, u, st, language))


def _problem(result: dict[str, Any], language: str) -> str:
    code = result.get("code")
    if code == "customer_not_identified":
        return _phrase("personal_sign_in", language)
    if code == "personalisation_off":
        return _phrase("personal_off", language)
    return tool_problem(result, language)


def _write(result: dict[str, Any], u: Understanding, st: TurnState, language: str) -> str:
    parts = []
    name = result.get("first_name")
    hello = _phrase("personal_hello", language, name=name) if name else ""
    if asks_usual_size(u, st):
        sizes = result.get("usual_sizes") or []
        if sizes:
            listed = [
                _phrase(
                    "personal_size_item",
                    language,
                    size=item["size"],
                    category=item["category"],
                    title=item["last_bought"],
                )
                for item in sizes
            ]
            joiner = "；" if language == "zh" else "; "
            parts.append(_phrase("personal_sizes", language, sizes=joiner.join(listed)))
        else:
            parts.append(_phrase("personal_no_sizes", language))
    if asks_from_history(u, st) or not asks_usual_size(u, st):
        items = result.get("items") or []
        if items:
            lines = [_phrase("personal_picks", language)]
            for item in items[:SHOWN]:
                product = item["product"]
                lines.append(
                    _phrase(
                        "personal_pick_line",
                        language,
                        title=product["title"],
                        price=product["price_from"]["display"],
                        base=item["because_of"],
                    )
                )
            parts.append("\n".join(lines))
        else:
            parts.append(_phrase("personal_no_picks", language))
    return hello + "\n\n".join(parts)


def greeting(st: TurnState, language: str) -> str | None:
    """The greeting with the customer's first name, when they allow personal touches."""
    customer = st.brain.customer
    if customer is None or not customer.first_name:
        return None
    greeting_text = say("greeting", language, store=st.brain.store_name)
    opening = "您好！" if language == "zh" else "Hi! "
    rest = greeting_text.removeprefix(opening)
    return _phrase("personal_hello", language, name=customer.first_name) + rest


def usual_size_hint(st: TurnState, category: str | None, option: str, language: str) -> str:
    """ "Your usual size is 44." after "which size?", when the customer has one there."""
    customer = st.brain.customer
    if customer is None or option != "size" or not category:
        return ""
    size = customer.usual_sizes.get(category)
    if not size:
        return ""
    return _phrase("usual_size_hint", language, category=category.replace("-", " "), size=size)
