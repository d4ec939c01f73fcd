import pytest

from assistant.agent.guards.grounding import find_ungrounded, numbers_in, strip_ungrounded_sentences

STOCK_RESULT = (
    '{"sku": "BOOT-7-42", "available": 3, '
    '"unit_price": {"amount_minor": 11900, "currency": "USD", "display": "$119.00"}}'
)


def test_numbers_are_compared_canonically() -> None:
    assert numbers_in("$1,249.00 and 3 left") == {"1249", "3"}


def test_a_price_from_the_tool_is_grounded() -> None:
    assert find_ungrounded("The boot is $119.00 and 3 are left.", [STOCK_RESULT]) == []


def test_a_price_the_tool_did_not_give_is_flagged() -> None:
    violations = find_ungrounded("The boot is $99.00.", [STOCK_RESULT])
    assert [v.figure for v in violations] == ["99"]


def test_minor_units_in_evidence_support_major_units_in_the_reply() -> None:
    assert find_ungrounded("That comes to 119 dollars.", ['{"total_minor": 11900}']) == []


def test_the_shoppers_own_numbers_may_be_repeated() -> None:
    assert (
        find_ungrounded("Size 42 is in stock.", [STOCK_RESULT.replace("42", "")], "do you have 42?")
        == []
    )


def test_numbers_inside_codes_are_not_figures() -> None:
    assert find_ungrounded("Your order TO-10012 is on its way.", ['{"status": "x"}']) == []


def test_an_order_status_not_in_evidence_is_flagged() -> None:
    violations = find_ungrounded("Your order has shipped.", ['{"status": "paid"}'])
    assert [(v.figure, v.kind) for v in violations] == [("shipped", "status")]


@pytest.mark.parametrize("reply", ["您的订单已发货。", "Your order was delivered."])
def test_a_status_in_evidence_is_grounded(reply: str) -> None:
    evidence = ['{"status": "shipped"}', '{"status": "delivered"}']
    assert find_ungrounded(reply, evidence) == []


def test_chinese_numbers_are_checked_too() -> None:
    assert [v.figure for v in find_ungrounded("退货期限是45天。", ["Return within 30 days"])] == [
        "45"
    ]


def test_list_markers_are_not_figures() -> None:
    assert find_ungrounded("Options:\n1. the tent\n2. the tarp", []) == []


def test_repair_drops_only_the_ungrounded_sentence() -> None:
    reply = "The boot is waterproof. It costs $99.00. Want it?"
    violations = find_ungrounded(reply, [STOCK_RESULT])
    assert strip_ungrounded_sentences(reply, violations) == "The boot is waterproof. Want it?"


def test_a_date_from_a_timestamp_is_grounded() -> None:
    evidence = ['{"status": "shipped", "at": "2026-10-06T14:05:00Z"}']
    assert find_ungrounded("It shipped on 2026-10-06.", evidence) == []
    assert [v.figure for v in find_ungrounded("It shipped on 2026-10-09.", evidence)] == ["9"]
