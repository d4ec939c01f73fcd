"""Reading a question about what is on sale: "any deals going on this week?", "discount
codes?", "what's on promo for jackets", "有什么优惠", "SUMMER25 还能用吗".

The words live in `lexicon/promotions.yaml`; the product or category the question is about,
and any order total it names, come from the message's slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.comparison_words import Found, Phrase, Words, find
from assistant.agent.understanding.slots import Slots
from text.normalise import fold
from text.spelling import edit_distance

LEXICON = Path(__file__).with_name("lexicon") / "promotions.yaml"
PromotionKind = Literal["all", "price_rules", "coupons"]
_CODE_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class PromotionQuestion(BaseModel):
    """What a question about the shop's deals asks."""

    model_config = ConfigDict(frozen=True)

    kind: PromotionKind = Field("all", description="Coupons only, sales only, or both.")
    coupon_codes: tuple[str, ...] = Field((), description="The shop's codes the message names.")
    about_code: bool = Field(
        False, description="The message asks about a named code's terms instead of applying it."
    )
    combining: bool = Field(False, description="Whether codes or discounts add up is asked.")
    order_total: Decimal | None = Field(
        None, description="An order total the shopper names, to check coupon minimums against."
    )


@dataclass(frozen=True)
class PromotionWords:
    """The lexicon's lists, ready to match."""

    words: tuple[Phrase, ...]
    not_promotions: tuple[Phrase, ...]
    other_topics: tuple[Phrase, ...]
    coupons: tuple[Phrase, ...]
    price_rules: tuple[Phrase, ...]
    code_questions: tuple[Phrase, ...]
    combining: tuple[Phrase, ...]
    money_after: tuple[str, ...]
    combining_query: str
    accept: tuple[Phrase, ...]


def _phrase(text: Any) -> Phrase:
    written = str(text).lower()
    if written.isascii():
        return Phrase(tokens=tuple(re.findall(r"[a-z0-9]+", written)))
    return Phrase(chinese=written)


@cache
def promotion_words() -> PromotionWords:
    """The lexicon, read once per process."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))

    def phrases(key: str) -> tuple[Phrase, ...]:
        entry = data.get(key) or {}
        return tuple(_phrase(item) for language in ("en", "zh") for item in entry.get(language, []))

    return PromotionWords(
        words=phrases("words"),
        not_promotions=phrases("not_promotions"),
        other_topics=phrases("other_topics"),
        coupons=phrases("coupons"),
        price_rules=phrases("price_rules"),
        code_questions=phrases("code_questions"),
        combining=phrases("combining"),
        money_after=tuple(str(word).lower() for word in data.get("money_after", [])),
        combining_query=str(data.get("combining_query", "")),
        accept=phrases("accept"),
    )


def accepts(text: str) -> bool:
    """Whether a short reply takes up an offer ("great, apply it", "好的，用上")."""
    return bool(find(Words.of(text.lower()), promotion_words().accept, fuzzy=False))


_SYMBOL_AMOUNT = re.compile(r"[$€£¥]\s*(\d+(?:[.,]\d{1,2})?)")
_BARE_AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*([^\d\s]+)")


def _amount(lower: str, words_after: tuple[str, ...]) -> Decimal | None:
    """The first sum of money written with a currency sign or word: "$120", "120 euros"."""
    found = _SYMBOL_AMOUNT.search(lower)
    if found is not None:
        return Decimal(found.group(1).replace(",", "."))
    for match in _BARE_AMOUNT.finditer(lower):
        if any(match.group(2).startswith(word) for word in words_after):
            return Decimal(match.group(1).replace(",", "."))
    return None


def _slipped(words: Words, phrases: tuple[Phrase, ...]) -> list[Found]:
    """Phrases of two or more words written exactly but for a slip in a short last word ("on
    sle", "on sake"): the words before it make the slip safe to forgive."""
    found: list[Found] = []
    for phrase in phrases:
        size = len(phrase.tokens)
        if size < 2:
            continue
        *lead, last = phrase.tokens
        for start in range(len(words.tokens) - size + 1):
            written = words.tokens[start : start + size]
            if list(written[:-1]) != lead or written[-1] == last:
                continue
            if written[-1][:1] == last[:1] and edit_distance(written[-1], last, 1) <= 1:
                found.append(Found("", start, start + size))
    return found


def _outside(hits: list[Found], excluded: list[Found]) -> list[Found]:
    return [
        hit
        for hit in hits
        if not any(
            hit.chinese == other.chinese and other.start <= hit.start and hit.end <= other.end
            for other in excluded
        )
    ]


def read_promotion(
    text: str, lower: str, known_codes: frozenset[str], slots: Slots
) -> PromotionQuestion | None:
    """The promotions question a message asks, or None when it asks none."""
    lexicon = promotion_words()
    words = Words.of(fold(lower))  # "优 惠" reads as "优惠"
    codes = tuple(
        dict.fromkeys(
            token.upper() for token in _CODE_LIKE.findall(text) if token.upper() in known_codes
        )
    )
    if find(words, lexicon.other_topics, fuzzy=False):
        return None
    excluded = find(words, lexicon.not_promotions, fuzzy=False)
    asked = _outside(find(words, lexicon.words) + _slipped(words, lexicon.words), excluded)
    about_code = bool(codes) and bool(find(words, lexicon.code_questions, fuzzy=False))
    if not asked and not about_code:
        return None
    coupons = bool(_outside(find(words, lexicon.coupons, fuzzy=False), excluded)) or bool(codes)
    sales_found = find(words, lexicon.price_rules, fuzzy=False) + _slipped(
        words, lexicon.price_rules
    )
    sales = bool(_outside(sales_found, excluded))
    kind: PromotionKind = "all"
    if coupons and not sales:
        kind = "coupons"
    elif sales and not coupons:
        kind = "price_rules"
    return PromotionQuestion(
        kind=kind,
        coupon_codes=codes,
        about_code=about_code,
        combining=bool(find(words, lexicon.combining, fuzzy=False)),
        order_total=_amount(lower, lexicon.money_after) if codes else None,
    )
