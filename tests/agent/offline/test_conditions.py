"""A policy applied to the shopper's own case: figures, audience, states and places."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.case_facts import read_case
from assistant.agent.offline.passages import terms
from assistant.agent.offline.policy_rules import Ruling, rule_on, score, sentences_of
from assistant.agent.offline.yes_no import chinese_echo, verdict

RETURNS = (
    "- You can return most items within **30 days of the delivery date**.\n"
    "- VIP members get a **60-day** return window.\n"
    "- After you start a return, you have **14 days** to send the parcel."
)
DELIVERY = (
    "- Delivery within Germany costs EUR 4.90. Orders of EUR 39.00 or more ship free within "
    "Germany.\n- Delivery to other EU countries costs EUR 9.90."
)


def _hit(text: str, section: str) -> dict[str, Any]:
    return {"text": text, "score": 0.5, "citation": {"section": section, "title": "Policy"}}


def _rule(message: str, *texts: tuple[str, str]) -> Ruling | None:
    hits = [_hit(text, section) for text, section in texts]
    case = read_case(message)
    sentences = sentences_of(hits)
    passages = [[s for s in sentences if s.hit == i] for i in range(len(hits))]
    scores = score(sentences, terms(message), case)
    return rule_on(sentences, scores, case, passages, terms(message))


def test_fifty_days_after_delivery_is_outside_the_thirty_day_window() -> None:
    ruling = _rule(
        "my tent was delivered 50 days ago, can I still return it?", (RETURNS, "Returns")
    )
    assert ruling is not None
    assert ruling.limit.text == "30 days"
    assert not ruling.met


def test_a_vip_member_is_held_to_the_members_window() -> None:
    ruling = _rule(
        "I'm a VIP and my pad arrived 45 days ago, can I return it?", (RETURNS, "Returns")
    )
    assert ruling is not None
    assert ruling.limit.text == "60-day"
    assert ruling.met


def test_an_order_under_the_threshold_does_not_ship_free() -> None:
    ruling = _rule("my order is 35 euros to Germany, do I pay delivery?", (DELIVERY, "Delivery"))
    assert ruling is not None
    assert ruling.limit.text == "EUR 39.00"
    assert ruling.bound == "lower"
    assert not ruling.met


def test_a_question_without_a_figure_has_no_ruling() -> None:
    assert _rule("what is your return policy?", (RETURNS, "Returns")) is None


def test_the_shoppers_state_and_place_are_read() -> None:
    case = read_case("my order hasn't shipped yet and it goes to France, can I cancel?")
    assert [s.name for s in case.states] == ["not_shipped"]
    assert [p.name for p in case.places] == ["france"]
    assert case.asked == "permission"


def test_unopened_is_not_read_as_opened() -> None:
    case = read_case("can I return an unopened bag of coffee?")
    assert "opened" not in {s.name for s in case.states}


def test_a_yes_no_answer_follows_what_was_asked() -> None:
    assert verdict("permission", "Opened fuel canisters cannot be returned.") == "no"
    assert verdict("obligation", "The label fee is waived when the item is defective.") == "no"
    assert verdict(
        "obligation", "From other EU countries you pay the return shipping yourself."
    ) == ("yes")
    assert verdict("permission", "Footwear can be returned only if worn indoors.") is None


def test_a_chinese_answer_repeats_the_questions_modal_verb() -> None:
    assert chinese_echo("睡袋到货45天了，还能退吗？") == ("还能退", "不能退")
    assert chinese_echo("从法国退货要自己付运费吗") == ("要自己付运费", "不需要自己付运费")


def test_a_rule_about_the_asked_action_answers_before_a_rule_about_another() -> None:
    warranty = "- Products are covered for 2 years from the delivery date against faulty parts."
    ruling = _rule(
        "my headlamp stopped working 3 months after it was delivered, can I return it?",
        (warranty, "Warranty"),
        (RETURNS, "Returns"),
    )
    assert ruling is not None
    assert ruling.limit.text == "30 days"
    assert not ruling.met


def test_typing_mistakes_and_traditional_characters_do_not_hide_the_case() -> None:
    case = read_case("my tent was delivred 50 dys ago, can i stil retrun it?")
    assert [event.name for event in case.events] == ["delivery"]
    chinese = read_case("訂單35歐元寄到德國 要付運費嗎")
    assert [p.name for p in chinese.places] == ["germany"]
    assert [q.text for q in chinese.amounts] == ["35欧元"]
