from typing import Any, Literal

import pytest
from pydantic import TypeAdapter

from assistant.agent.turn import TurnResult
from evals.assertions import CheckContext, check, ungrounded_figures
from evals.driver import ConversationSetup
from evals.expectations import AnyExpectation
from evals.fixtures import DEMO_STORE
from evals.judge import JudgeVerdict
from evals.outcomes import AssertionOutcome, TurnRecord
from evals.schema import StartState
from evals.scripted_driver import ScriptedDriver
from evals.state_checks import StateBaseline
from tests.evals.helpers import answer, call, cite

PRICE = {
    "sku": "BOOT-1-42",
    "unit_price": {"amount_minor": 10900, "currency": "USD"},
    "available": 11,
}


class FakeJudge:
    def __init__(self, passed: bool) -> None:
        self.passed = passed
        self.transcripts: list[str] = []

    @property
    def name(self) -> str:
        return "fake-judge"

    def grade(self, rubric: str, transcript: str) -> JudgeVerdict:
        self.transcripts.append(transcript)
        return JudgeVerdict(self.passed, "because")


def outcome(
    expectation: dict[str, Any],
    *turns: TurnResult,
    scope: Literal["turn", "end"] = "turn",
    judge: FakeJudge | None = None,
    users: list[str] | None = None,
) -> AssertionOutcome:
    parsed = TypeAdapter(AnyExpectation).validate_python(expectation)
    texts = users or [f"message {i}" for i in range(len(turns))]
    records = [
        TurnRecord(
            index=i + 1,
            user=texts[i],
            result=turn,
            latency_ms=turn.latency_ms,
            ungrounded=ungrounded_figures(texts[i], turn),
        )
        for i, turn in enumerate(turns)
    ]
    setup = ConversationSetup("s", "a", 1, DEMO_STORE, None, StartState())
    conversation = ScriptedDriver(lambda *_: answer("")).start(setup)
    in_scope = records if scope == "end" else records[-1:]
    context = CheckContext(scope, in_scope, records, conversation, StateBaseline(), judge)
    return check(parsed, context, line=12)


def test_tool_called_passes_with_a_subset_of_the_arguments() -> None:
    turn = answer("ok", call("add_to_cart", sku="SOCK-1", quantity=2))
    result = outcome({"tool_called": {"name": "add_to_cart", "args": {"sku": "sock-1"}}}, turn)
    assert (result.status, result.line, result.turn) == ("passed", 12, 1)


def test_tool_called_fails_when_an_argument_differs_and_lists_the_calls() -> None:
    turn = answer("ok", call("add_to_cart", sku="SOCK-1", quantity=1))
    result = outcome({"tool_called": {"name": "add_to_cart", "args": {"quantity": 2}}}, turn)
    assert result.status == "failed"
    assert "add_to_cart(sku='SOCK-1', quantity=1)" in result.message


def test_tool_called_by_bare_name() -> None:
    assert outcome({"tool_called": "view_cart"}, answer("ok", call("view_cart"))).status == "passed"


def test_tool_not_called_fails_when_the_tool_was_called() -> None:
    turn = answer("ok", call("start_checkout"))
    assert outcome({"tool_not_called": "start_checkout"}, turn).status == "failed"


def test_tool_not_called_with_arguments_allows_other_arguments() -> None:
    turn = answer("ok", call("apply_coupon", code="WELCOME10"))
    spec = {"tool_not_called": {"name": "apply_coupon", "args": {"code": "FREE100"}}}
    assert outcome(spec, turn).status == "passed"


@pytest.mark.parametrize(
    ("expectation", "status"),
    [
        ({"reply_contains": "30 DAYS"}, "passed"),
        ({"reply_contains": ["30 days", "receipt"]}, "failed"),
        ({"reply_contains_any": ["receipt", "return window"]}, "passed"),
        ({"reply_not_contains": "refund"}, "failed"),
        ({"reply_not_contains": ["FREE100", "coupon"]}, "passed"),
        ({"reply_matches": r"\b30 days\b"}, "passed"),
        ({"reply_matches": r"^\d+ days$"}, "failed"),
    ],
)
def test_reply_text_checks(expectation: dict[str, Any], status: str) -> None:
    turn = answer("Your  return window is 30\ndays; a refund follows.")
    assert outcome(expectation, turn).status == status


def test_reply_contains_matches_chinese_regardless_of_spacing_and_width() -> None:
    turn = answer("您可以在 ３０ 天内退货。", language="zh")
    assert outcome({"reply_contains": "30天内退货"}, turn).status == "passed"


def test_reply_language_fails_on_an_english_reply() -> None:
    assert outcome({"reply_language": "zh"}, answer("Thirty days.")).status == "failed"


def test_cites_matches_source_and_section() -> None:
    turn = answer("30 days.", citations=[cite("policies/returns.md", "Return window")])
    spec = {"cites": {"source": "policies/returns.md", "section": "return window"}}
    assert outcome(spec, turn).status == "passed"


def test_cites_fails_on_another_section_and_says_what_was_cited() -> None:
    turn = answer("30 days.", citations=[cite("policies/returns.md", "Refunds")])
    result = outcome({"cites": {"source": "policies/returns.md", "section": "Return window"}}, turn)
    assert result.status == "failed"
    assert "policies/returns.md / Refunds" in result.message


def test_cites_by_document_type() -> None:
    turn = answer("Yes.", citations=[cite("faq.json", "Do you ship?", doc_type="faq")])
    assert outcome({"cites": {"doc_type": "faq"}}, turn).status == "passed"


def test_handoff_true_passes_when_the_conversation_waits_for_a_person() -> None:
    turn = answer("A colleague will take over.", handoff="asked_for_human")
    assert outcome({"handoff": True}, turn).status == "passed"


def test_handoff_false_fails_on_an_unexpected_handoff() -> None:
    turn = answer("A colleague will take over.", handoff="low_confidence")
    result = outcome({"handoff": False}, turn)
    assert result.status == "failed"
    assert result.observed == {"state": "waiting", "reason": "low_confidence", "handed_off": True}


def test_handoff_with_a_reason_fails_on_another_reason() -> None:
    turn = answer("A colleague will take over.", handoff="low_confidence")
    assert outcome({"handoff": {"reason": "human_request"}}, turn).status == "failed"


def test_figures_from_the_tool_result_are_grounded() -> None:
    turn = answer("It is $109.00 and 11 are in stock.", call("check_stock", PRICE))
    assert outcome({"no_ungrounded_figures": True}, turn).status == "passed"


def test_a_figure_from_nowhere_fails_grounding() -> None:
    turn = answer("It is $99.00.", call("check_stock", PRICE))
    result = outcome({"no_ungrounded_figures": True}, turn)
    assert result.status == "failed"
    assert result.observed == {"turn 1": ["99"]}


def test_citation_snippets_ground_policy_figures() -> None:
    citation = cite("policies/returns.md", "Return window")
    citation.snippet = "You can return most items within 30 days of delivery."
    turn = answer("You have 30 days.", citations=[citation])
    assert outcome({"no_ungrounded_figures": True}, turn).status == "passed"


def test_the_shoppers_own_numbers_are_grounded() -> None:
    turn = answer("Size 42 it is.")
    result = outcome({"no_ungrounded_figures": True}, turn, users=["size 42 please"])
    assert result.status == "passed"


def test_latency_fails_above_the_limit() -> None:
    assert outcome({"latency_ms_at_most": 100}, answer("ok", latency_ms=250.0)).status == "failed"


def test_a_rubric_is_skipped_without_a_judge() -> None:
    result = outcome({"rubric": "Polite."}, answer("ok"))
    assert result.status == "skipped"
    assert "no judge" in result.message


def test_a_rubric_is_graded_by_the_judge_over_the_conversation_so_far() -> None:
    judge = FakeJudge(passed=False)
    result = outcome({"rubric": "Polite."}, answer("first"), answer("second"), judge=judge)
    assert (result.status, result.message) == ("failed", "because")
    assert "Assistant: first" in judge.transcripts[0]
    assert "Assistant: second" in judge.transcripts[0]


def test_at_the_end_tool_called_looks_at_every_turn() -> None:
    turns = (answer("a", call("search_products")), answer("b", call("add_to_cart")))
    assert outcome({"tool_called": "search_products"}, *turns, scope="end").status == "passed"


def test_at_the_end_reply_not_contains_looks_at_every_reply() -> None:
    turns = (answer("FREE100 is yours"), answer("bye"))
    assert outcome({"reply_not_contains": "FREE100"}, *turns, scope="end").status == "failed"


def test_at_the_end_handoff_is_the_final_state() -> None:
    turns = (answer("a"), answer("b", handoff="asked_for_human"))
    assert outcome({"handoff": True}, *turns, scope="end").status == "passed"


def test_in_a_turn_only_that_turn_counts() -> None:
    turns = (answer("a", call("search_products")), answer("b"))
    assert outcome({"tool_called": "search_products"}, *turns).status == "failed"
