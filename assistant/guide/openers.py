"""The opener's text: a few sentences from the facts, in the shopper's language.

Sentences are data (`phrases.yaml`, checked when first read); every figure in them is a fact
gathered by `facts.py`, and a FAQ question is quoted only in the language it was written in
(`language.py`). Nothing here invents a price, a stock level or a policy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.guide.facts import FaqHint, OpenerFacts, ProductFacts, PromotionFact
from assistant.guide.language import GuideLanguage, topic_in, written_in
from tools.promotions import CouponTerms

LOW_STOCK = 5


class Phrasebook(BaseModel):
    """One language's sentences."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product_intro: str
    price_in_size: str
    price: str
    price_from: str
    stock_many: str
    stock_few: str
    stock_none: str
    cart_intro: str
    cart_intro_one: str
    cart_product: str
    cart_product_in_size: str
    cart_coupon: str
    cart_coupon_min: str
    percent_off: str
    promotion: str
    promotion_percent: str
    promotion_quantity: str
    faq: str
    faq_topic: str
    invite: str


@cache
def phrasebook(language: GuideLanguage) -> Phrasebook:
    """The sentences of one language (English for anything but Chinese)."""
    raw = yaml.safe_load(
        resources.files("assistant.guide").joinpath("phrases.yaml").read_text(encoding="utf-8")
    )
    return Phrasebook.model_validate(raw[language])


def guide_language(locale: str | None) -> GuideLanguage:
    """The language of openers for a shopper's locale tag."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def _stock(book: Phrasebook, available: int) -> str:
    if available <= 0:
        return book.stock_none
    if available <= LOW_STOCK:
        return book.stock_few.format(count=available)
    return book.stock_many


def _product_sentence(book: Phrasebook, product: ProductFacts, *, in_cart: bool) -> str:
    stock = _stock(book, product.available)
    price = product.price.display
    if in_cart:
        template = book.cart_product_in_size if product.size else book.cart_product
        return template.format(title=product.title, size=product.size, price=price, stock=stock)
    if product.size:
        return book.price_in_size.format(size=product.size, price=price, stock=stock)
    template = book.price_from if product.price_varies else book.price
    return template.format(price=price, stock=stock)


def _coupon_sentence(book: Phrasebook, coupon: CouponTerms) -> str:
    if coupon.percent_off is not None:
        off = book.percent_off.format(percent=coupon.percent_off)
    else:
        off = coupon.amount_off.display if coupon.amount_off is not None else ""
    template = book.cart_coupon_min if coupon.min_spend.amount_minor else book.cart_coupon
    return template.format(code=coupon.code, off=off, min_spend=coupon.min_spend.display)


def _promotion_sentence(book: Phrasebook, promotion: PromotionFact, language: GuideLanguage) -> str:
    """The promotion by its name when that is in the shopper's language, else by its terms."""
    if written_in(promotion.name, language):
        return book.promotion.format(name=promotion.name)
    if promotion.min_quantity > 1:
        return book.promotion_quantity.format(
            percent=promotion.percent_off, quantity=promotion.min_quantity
        )
    return book.promotion_percent.format(percent=promotion.percent_off)


def _faq_sentence(book: Phrasebook, faq: FaqHint | None, language: GuideLanguage) -> str:
    """The FAQ question as the store wrote it, when it is in the shopper's language; else its
    topic in the shopper's language; else an invitation to ask."""
    if faq is None:
        return book.invite
    if written_in(faq.question, language):
        return book.faq.format(question=faq.question)
    topic = topic_in(faq.question, language)
    return book.faq_topic.format(topic=topic) if topic else book.invite


def compose_opener(facts: OpenerFacts, language: GuideLanguage) -> str:
    """A short opener about the product or the cart in `facts`."""
    book = phrasebook(language)
    sentences: list[str] = []
    if facts.cart is not None:
        cart = facts.cart
        intro = book.cart_intro_one if cart.items == 1 else book.cart_intro
        sentences.append(intro.format(items=cart.items, total=cart.total.display))
        if facts.product is not None:
            sentences.append(_product_sentence(book, facts.product, in_cart=True))
        if cart.coupon is not None:
            sentences.append(_coupon_sentence(book, cart.coupon))
    elif facts.product is not None:
        sentences.append(book.product_intro.format(title=facts.product.title))
        sentences.append(_product_sentence(book, facts.product, in_cart=False))
    if facts.promotion:
        sentences.append(_promotion_sentence(book, facts.promotion, language))
    sentences.append(_faq_sentence(book, facts.faq, language))
    separator = "" if language == "zh" else " "
    return separator.join(sentences)
