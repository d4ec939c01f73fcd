"""Choosing the passage and the sentences that answer a question, among retrieval's top hits."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.knowledge import passage_answer
from assistant.agent.offline.passages import best_hit, best_sentences


def hit(section: str, text: str, score: float) -> dict[str, Any]:
    return {"text": text, "score": score, "citation": {"title": "Doc", "section": section}}


COUPONS = hit(
    "Coupons",
    "You can use one coupon per order. A coupon's minimum spend is checked before shipping.",
    0.59,
)
REFUNDS = hit(
    "Refunds",
    "We inspect returns within 3 days. If you return part of an order that used a coupon, the "
    "coupon value is not taken back even when the rest falls below its minimum spend.",
    0.53,
)


def test_a_near_miss_first_hit_gives_way_to_the_passage_that_answers() -> None:
    question = "If I return part of an order with a coupon, is the coupon taken back?"
    assert best_hit([COUPONS, REFUNDS], question) is REFUNDS


def test_a_passage_far_below_the_first_does_not_compete() -> None:
    question = "If I return part of an order with a coupon, is the coupon taken back?"
    distant = {**REFUNDS, "score": 0.3}
    assert best_hit([COUPONS, distant], question) is COUPONS


def test_a_small_lead_keeps_retrievals_choice() -> None:
    first = hit("Window", "You can return items within 30 days of delivery.", 0.5)
    second = hit("Labels", "You can return items with our prepaid label.", 0.49)
    assert best_hit([first, second], "Can I return items?") is first


def test_a_chinese_question_alone_keeps_retrievals_order() -> None:
    assert best_hit([COUPONS, REFUNDS], "部分退货后优惠券会被收回吗？") is COUPONS


def test_a_chinese_question_is_weighed_by_the_engines_english_keywords() -> None:
    query = "部分退货后优惠券会被收回吗？ coupon taken back return part"
    assert best_hit([COUPONS, REFUNDS], query) is REFUNDS


def test_a_heading_that_names_the_question_wins_among_close_passages() -> None:
    damaged = hit("Wrong or damaged items", "Tell us within 30 days; see our return policy.", 0.5)
    faq = hit("What is your return policy?", "You can return unused items in 30 days.", 0.45)
    assert best_hit([damaged, faq], "What is your return policy?") is faq


def test_a_section_named_by_the_question_is_quoted_from_its_opening_rule() -> None:
    text = (
        "You can return items within 30 days. VIP members get a 60-day return window. "
        "The return window is checked on the scan date. Start again inside your return window."
    )
    answer = passage_answer(text, "Return window", "what is the return window?")
    assert answer.startswith("You can return items within 30 days.")


def test_a_chinese_how_long_question_prefers_the_sentence_with_a_duration() -> None:
    sentences = ["Returns are easy.", "Start a return online.", "Returns are accepted for 30 days."]
    assert best_sentences(sentences, "退货期限是多久？ return", 1) == [2]


def test_sentences_are_chosen_by_the_questions_words_in_any_form() -> None:
    sentences = [
        "Items must be unused.",
        "Keep the original box.",
        "Footwear may be tried on at home.",
        "Tents may be pitched indoors to check them.",
    ]
    assert 3 in best_sentences(sentences, "Can I pitch a tent to check it?", 2)


def test_a_how_long_question_prefers_the_sentence_with_a_duration() -> None:
    sentences = ["Returns are easy.", "Start a return online.", "Returns are accepted for 30 days."]
    assert best_sentences(sentences, "How long do returns take?", 1) == [2]


def test_an_faq_keeps_its_yes_or_no() -> None:
    text = "No. We do not rent gear. Everything is for sale. Ask staff. Visit the store."
    answer = passage_answer(text, None, "Can I hire a store tent for a weekend?")
    assert answer.startswith("No.")
