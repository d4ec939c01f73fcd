"""Reading questions about what is on sale: the kind asked, codes, combining, an order total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.agent.understanding.intents import understand
from assistant.agent.understanding.promotions import PromotionQuestion
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY


def read(text: str, store: str = "demo") -> PromotionQuestion | None:
    return understand(text, DEMO_VOCABULARY if store == "demo" else TEA_VOCABULARY).promotion


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("any deals going on this week?", "all"),
        ("Any offers on at the moment?", "all"),
        ("is anything on sale", "price_rules"),
        ("discount codes?", "coupons"),
        ("which coupon codes can i use", "coupons"),
        ("what's on promo for jackets", "all"),
        ("有什么优惠", "all"),
        ("打折吗", "price_rules"),
        ("优惠券", "coupons"),
        ("现在有什么优惠活动吗？", "all"),
        ("最近有什么优 惠吗？", "all"),
        ("do you have any culon codes?", "coupons"),
        ("is anything on sle", "price_rules"),
    ],
)
def test_questions_about_deals_are_read_with_their_kind(text: str, kind: str) -> None:
    question = read(text)
    assert question is not None and question.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "do you offer gift wrapping?",
        "Do you offer a student discount?",
        "do you have tents for sale",
        "do you price match if it goes on sale elsewhere",
        "can i use a coupon to buy a gift card",
        "有折叠椅吗",
        "apply TRAIL20 pls",
        "show me headlamps",
        "do you ship to all zip codes",
    ],
)
def test_other_messages_are_not_promotions_questions(text: str) -> None:
    assert read(text) is None


def test_a_question_about_a_named_code_is_about_its_terms() -> None:
    question = read("Does TRAIL20 work if my order is $120?")
    assert question is not None
    assert (question.coupon_codes, question.about_code) == (("TRAIL20",), True)
    assert question.order_total == Decimal("120")
    chinese = read("SUMMER25 这个码还能用吗？")
    assert chinese is not None and chinese.about_code and chinese.order_total is None


def test_a_request_to_use_a_code_is_not_a_question_about_it() -> None:
    question = read("帮我用一下优惠码 WELCOME10")
    assert question is not None and question.coupon_codes == ("WELCOME10",)
    assert not question.about_code


def test_every_code_named_is_kept_and_combining_is_noticed() -> None:
    question = read("Can I use WELCOME10 and TRAIL20 together on one order?")
    assert question is not None and question.combining
    assert question.coupon_codes == ("WELCOME10", "TRAIL20")
    stacked = read("可以同时用两个优惠券吗")
    assert stacked is not None and stacked.combining


def test_an_amount_in_euros_written_after_the_figure_is_an_order_total() -> None:
    question = read("is TEATIME15 valid for 25 euros", store="tea")
    assert question is not None and question.order_total == Decimal("25")
