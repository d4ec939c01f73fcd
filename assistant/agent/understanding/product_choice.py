"""Choosing among the products a message names.

Titles often differ only by who they are for ("Storm Shell Jacket" and "Storm Shell
Jacket Women's") or by the variants they come in. When the shopper says women's, ladies or 女款,
the women's product comes first; a product that does not come in the colour or size asked for
("in coral") drops behind one that does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Who a product is for, as title stems and as the shopper may say it.
_GROUPS: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {
    "women": (
        frozenset({"women", "woman", "lady", "female", "girl"}),
        re.compile(r"女款|女士|女式|女生|女性|女装|女鞋|女用|女生款"),
    ),
    "men": (
        frozenset({"men", "man", "male", "boy"}),
        re.compile(r"男款|男士|男式|男生|男性|男装|男鞋|男用"),
    ),
    "kids": (
        frozenset({"kid", "child", "children", "youth", "junior"}),
        re.compile(r"儿童|童款|孩子|小孩|童装|童鞋"),
    ),
}
_OTHER_GROUP = 0.85
_WITHOUT_OPTION = 0.85


def rerank_products(
    products: list[tuple[str, float]],
    message_stems: set[str],
    lower: str,
    title_tokens: Mapping[str, tuple[str, ...]],
    product_options: Mapping[str, Mapping[str, tuple[str, ...]]],
    wanted: Mapping[str, str],
) -> list[tuple[str, float]]:
    """The named products, best first, after who they are for and what they come in."""
    if len(products) < 2:
        return products
    asked = {
        name
        for name, (words, chinese) in _GROUPS.items()
        if words & message_stems or chinese.search(lower)
    }
    ranked = []
    for handle, score in products:
        title = set(title_tokens.get(handle, ()))
        groups = {name for name, (words, _) in _GROUPS.items() if words & title}
        if asked and not groups & asked:
            score *= _OTHER_GROUP
        elif not asked and groups & {"women", "kids"} and _all_equal(products):
            score *= _OTHER_GROUP  # the general product before its women's or kids' edition
        if _lacks(product_options.get(handle, {}), wanted):
            score *= _WITHOUT_OPTION
        ranked.append((handle, round(score, 4)))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked


def fit_options_to_product(options: dict[str, str], offered: Mapping[str, tuple[str, ...]]) -> None:
    """Move a value to the option the named product sells it under.

    "The sleeping pad in Regular": the store sells "Regular" as a sleeping bag's length and as
    a pad's size; for the pad it is the size.
    """
    for name, value in list(options.items()):
        if name in offered:
            continue
        owners = [
            other
            for other, values in offered.items()
            if other not in options and any(same_value(value, have) for have in values)
        ]
        if len(owners) == 1:
            del options[name]
            options[owners[0]] = value


def _all_equal(products: list[tuple[str, float]]) -> bool:
    return len({score for _, score in products}) == 1


def _lacks(options: Mapping[str, tuple[str, ...]], wanted: Mapping[str, str]) -> bool:
    """Whether the product has an option asked for but not the value asked for."""
    return any(
        name in options and not any(same_value(value, have) for have in options[name])
        for name, value in wanted.items()
    )


def same_value(wanted: str, have: str) -> bool:
    """Equal ignoring case, or equal to the value's lead ("M" is "M (39-42)")."""
    want, actual = wanted.strip().lower(), have.strip().lower()
    return actual == want or actual.split(" (")[0] == want or want.split(" (")[0] == actual
