from decimal import Decimal
from pathlib import Path

import pytest

from assistant.agent.turn import TurnResult
from evals.costs import ModelPrice, PriceTable, load_price_table
from evals.errors import SuiteFormatError
from evals.metrics import Metrics, compute_metrics, pass_hat_k, percentile
from evals.outcomes import TrialResult
from evals.runner import run_suites
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from tests.evals.helpers import answer, call, cite, count_words, load_text_suite


def trial(scenario: str, passed: bool) -> TrialResult:
    return TrialResult(
        suite="s", scenario_id=scenario, trial=1, status="passed" if passed else "failed"
    )


def test_pass_hat_k_follows_tau_bench() -> None:
    # Scenario a: 3 of 4 trials pass; b: 4 of 4; c: 0 of 4.
    trials = [trial("a", ok) for ok in (True, True, True, False)]
    trials += [trial("b", True) for _ in range(4)] + [trial("c", False) for _ in range(4)]
    result = pass_hat_k(trials)
    assert result["1"] == pytest.approx((3 / 4 + 1 + 0) / 3, abs=1e-4)
    assert result["2"] == pytest.approx((3 / 6 + 1 + 0) / 3, abs=1e-4)
    assert result["4"] == pytest.approx((0 + 1 + 0) / 3, abs=1e-4)
    assert list(result) == ["1", "2", "3", "4"]


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95)) == (50.0, 95.0)
    assert percentile([], 50) is None


def measure(tmp_path: Path, suite: str, turns: list[TurnResult], **options: object) -> Metrics:
    scripted = [ScriptedTurn(turn) for turn in turns]
    driver = ScriptedDriver(lambda setup, index, text: scripted[index])
    output = run_suites([load_text_suite(tmp_path, suite)], driver)
    return compute_metrics(output.trials, count_tokens=count_words, **options)  # type: ignore[arg-type]


TOOLS_SUITE = """
name: tools
scenarios:
  - id: a
    turns:
      - user: add socks
        expect:
          - tool_called: search_products
          - tool_called: add_to_cart
      - user: and check out?
        expect:
          - tool_not_called: start_checkout
"""


def test_tool_precision_and_recall_count_reads_and_writes_apart(tmp_path: Path) -> None:
    turns = [
        # search_products expected and made; add_to_cart expected but missing; view_cart extra.
        answer("Found them.", call("search_products"), call("view_cart")),
        # start_checkout was ruled out and made anyway.
        answer("Done.", call("start_checkout")),
    ]
    metrics = measure(tmp_path, TOOLS_SUITE, turns)
    assert (metrics.tool_precision_read, metrics.tool_recall_read) == (0.5, 1.0)
    assert (metrics.tool_precision_write, metrics.tool_recall_write) == (0.0, 0.0)


def test_handoff_precision_and_recall(tmp_path: Path) -> None:
    suite = """
    name: handoffs
    scenarios:
      - id: a
        turns:
          - {user: a person please, expect: [{handoff: true}]}
          - {user: "still there?", expect: [{handoff: true}]}
          - {user: thanks, expect: [{handoff: false}]}
    """
    turns = [
        answer("One moment.", handoff="asked_for_human"),
        answer("Hi."),
        answer("Bye.", handoff="other"),
    ]
    metrics = measure(tmp_path, suite, turns)
    assert (metrics.handoff_precision, metrics.handoff_recall) == (0.5, 0.5)


def test_grounding_violations_are_counted_on_every_turn_asserted_or_not(tmp_path: Path) -> None:
    suite = "name: g\nscenarios:\n  - id: a\n    turns: [{user: 'price?'}, {user: 'stock?'}]\n"
    turns = [
        answer("It is $99.00.", call("get_price", {"amount_minor": 10900})),
        answer("We have 7 left.", call("check_stock", {"available": 7})),
    ]
    assert measure(tmp_path, suite, turns).grounding_violations == 1


def test_citation_accuracy_is_the_share_of_cites_expectations_that_held(tmp_path: Path) -> None:
    suite = """
    name: c
    scenarios:
      - id: a
        turns:
          - {user: "returns?", expect: [{cites: policies/returns.md}]}
          - {user: "shipping?", expect: [{cites: policies/shipping.md}]}
    """
    turns = [
        answer("30 days.", citations=[cite("policies/returns.md")]),
        answer("Free over 75.", citations=[cite("faq.json")]),
    ]
    assert measure(tmp_path, suite, turns).citation_accuracy == 0.5


def test_tokens_use_the_reported_usage_or_the_injected_counter(tmp_path: Path) -> None:
    suite = "name: t\nscenarios:\n  - id: a\n    turns: [{user: one two three}, {user: four}]\n"
    turns = [answer("five six"), answer("x", tokens=(100, 20))]
    metrics = measure(tmp_path, suite, turns)
    assert (metrics.tokens_in, metrics.tokens_out) == (3 + 100, 2 + 20)
    assert metrics.tokens_per_conversation == 125.0


def test_cost_comes_from_the_price_table(tmp_path: Path) -> None:
    suite = "name: t\nscenarios:\n  - id: a\n    turns: [{user: hi}]\n"
    prices = PriceTable(
        models={
            "gpt-4o-mini": ModelPrice(
                input_per_million=Decimal("0.15"), output_per_million=Decimal("0.60")
            )
        }
    )
    turns = [answer("x", tokens=(1_000_000, 500_000))]
    metrics = measure(tmp_path, suite, turns, prices=prices, model="openai:gpt-4o-mini")
    assert (metrics.estimated_cost, metrics.cost_currency) == ("0.450000", "USD")


def test_a_model_without_a_price_has_no_cost(tmp_path: Path) -> None:
    suite = "name: t\nscenarios:\n  - id: a\n    turns: [{user: hi}]\n"
    metrics = measure(tmp_path, suite, [answer("x")], prices=PriceTable(), model="openai:mystery")
    assert metrics.estimated_cost is None


def test_the_shipped_price_table_loads() -> None:
    table = load_price_table()
    assert table.price_for("openai:gpt-4o-mini") is not None
    assert table.cost("offline", 1000, 1000) == Decimal("0")


def test_latency_percentiles_are_per_turn(tmp_path: Path) -> None:
    suite = "name: t\nscenarios:\n  - id: a\n    turns: [{user: a}, {user: b}, {user: c}]\n"
    turns = [answer("x", latency_ms=ms) for ms in (10.0, 30.0, 20.0)]
    metrics = measure(tmp_path, suite, turns)
    assert (metrics.latency_p50_ms, metrics.latency_p95_ms, metrics.turns) == (20.0, 30.0, 3)


def test_skipped_rubrics_are_counted_and_do_not_fail(tmp_path: Path) -> None:
    suite = "name: t\nscenarios:\n  - id: a\n    turns: [{user: a, expect: [{rubric: Kind.}]}]\n"
    metrics = measure(tmp_path, suite, [answer("x")])
    assert (metrics.skipped_assertions, metrics.pass_rate) == (1, 1.0)


def test_a_bad_price_table_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("models:\n  gpt-x:\n    input_per_million: -1\n", encoding="utf-8")
    with pytest.raises(SuiteFormatError) as caught:
        load_price_table(path)
    assert caught.value.line == 3
    assert "output_per_million" in caught.value.message
