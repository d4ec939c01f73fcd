"""The offline engine on particular questions about one product, answered through ask_product."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.product_answers import asks_about_named_product, asks_one_named_product
from assistant.agent.offline.steps import Step
from assistant.agent.offline.turn_state import DoneCall, TurnState
from assistant.agent.understanding.intents import Understanding
from tests.factories import brain_input
from tools.product_answers import (
    AttributeEvidence,
    ProductAnswer,
    ProductCitation,
    SentenceEvidence,
)

CONTEXT: dict[str, Any] = {
    "store_name": "Trailhead Outfitters",
    "currency": "USD",
    "handoff_threshold": 0.35,
    "discount_cap_percent": 15,
}
PACK = {
    "product_id": 38,
    "handle": "scout-22-daypack",
    "title": "Scout 22 Daypack",
    "category": "daypacks",
    "attributes": {"waterproof": False, "capacity_l": 22},
    "description": "A 22-litre daypack. There is a hydration sleeve.",
    "price_from": {"amount_minor": 8900, "currency": "USD", "display": "$89.00"},
    "price_to": {"amount_minor": 8900, "currency": "USD", "display": "$89.00"},
    "variants": [],
}
CITATION = ProductCitation(product_id=38, handle="scout-22-daypack", title="Scout 22 Daypack")


def decide(engine: OfflineEngine, text: str, *done: DoneCall) -> Step:
    return engine.decide(TurnState(text=text, brain=brain_input(**CONTEXT), done=done))


def got() -> DoneCall:
    return DoneCall("get_product", {"product": PACK["handle"]}, PACK)


def asked(question: str, **fields: Any) -> DoneCall:
    result = ProductAnswer(citation=CITATION, question=question, **fields)
    args = {"product": PACK["handle"], "question": question}
    return DoneCall("ask_product", args, result.model_dump(mode="json"))


def test_a_particular_question_asks_the_product_in_the_shoppers_words(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "does the scout 22 have a hydration sleeve", got())
    assert [(c.name, c.args) for c in step.calls] == [
        (
            "ask_product",
            {
                "product": "scout-22-daypack",
                "question": "does the scout 22 have a hydration sleeve",
            },
        )
    ]


def test_a_chinese_question_carries_the_english_feature_it_asks_about(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "Scout 22 防水吗", got())
    assert step.calls[0].name == "ask_product"
    assert "waterproof" in step.calls[0].args["question"]


def test_a_yes_comes_first_then_the_sentence_and_the_product(engine: OfflineEngine) -> None:
    text = "does the scout 22 have a hydration sleeve"
    evidence = SentenceEvidence(text="There is a hydration sleeve.", score=2.0, says="yes")
    done = asked(
        text, asked=["hydration"], yes_no=True, answered=True, verdict="yes", sentences=[evidence]
    )
    step = decide(engine, text, got(), done)
    assert step.reply.splitlines() == [
        "Yes - there is a hydration sleeve.",
        "(Source: Scout 22 Daypack)",
    ]


def test_a_chinese_no_uses_the_word_asked_about(engine: OfflineEngine) -> None:
    text = "Scout 22 防水吗"
    attribute = AttributeEvidence(key="waterproof", name="Waterproof", value=False, score=1.0)
    done = asked(
        text, asked=["防水"], yes_no=True, answered=True, verdict="no", attributes=[attribute]
    )
    reply = decide(engine, text, got(), done).reply
    assert reply.startswith("不防水。")
    assert "Waterproof：否" in reply


def test_nothing_answering_says_so_and_offers_a_person_without_handing_off(
    engine: OfflineEngine,
) -> None:
    text = "whats the torso length range on the scout 22"
    related = [SentenceEvidence(text="Two torso sizes.", score=1.0)]
    done = asked(text, asked=["torso", "length"], yes_no=False, answered=False, related=related)
    step = decide(engine, text, got(), done)
    assert step.calls == ()
    assert "doesn't say" in step.reply
    assert "Two torso sizes." in step.reply
    assert "ask a member of our team" in step.reply
    assert step.resolved


def test_a_question_asking_nothing_in_particular_gets_the_card(engine: OfflineEngine) -> None:
    text = "tell me about the scout 22"
    step = decide(engine, text, got(), asked(text, asked=[], yes_no=False, answered=False))
    assert step.reply.startswith("Scout 22 Daypack:")
    assert "A 22-litre daypack." in step.reply


def test_a_yes_no_question_about_a_named_product_is_not_a_search() -> None:
    named = Understanding(
        intent="product_search",
        confidence=0.9,
        language="en",
        product_handles=("chamomile-calm",),
        attributes={"decaf": True},
    )
    assert asks_about_named_product(named, "is the chamomile caffeine free?")
    assert not asks_about_named_product(named, "do you have chamomile that is caffeine free?")
    assert not asks_about_named_product(named, "caffeine free chamomile")


def test_a_question_naming_one_product_asks_its_record_however_unsure() -> None:
    named = Understanding(
        intent="product_question",
        confidence=0.2,
        language="zh",
        product_handles=("scout-22-daypack",),
    )
    assert asks_one_named_product(named)
    assert not asks_one_named_product(named.model_copy(update={"policy_topic": "returns"}))
    assert not asks_one_named_product(
        named.model_copy(update={"product_handles": ("scout-22-daypack", "ridge-28")})
    )


def test_a_figure_that_is_not_one_of_its_options_asks_the_product(
    engine: OfflineEngine,
) -> None:
    stove = {
        **PACK,
        "variants": [{"options": {"colour": "Orange"}}, {"options": {"colour": "Black"}}],
    }
    done = DoneCall("get_product", {"product": PACK["handle"]}, stove)
    step = decide(engine, "Scout 22 装500毫升水要多久", done)
    assert [c.name for c in step.calls] == ["ask_product"]
