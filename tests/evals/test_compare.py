from pathlib import Path

from evals.compare import compare_reports
from evals.reports.results_json import RunReport
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from tests.evals.helpers import answer, call, load_text_suite, run_report

SUITE = """
name: shop
scenarios:
  - id: returns
    turns:
      - user: returns?
        expect: [{reply_contains: 30 days}]
  - id: price
    turns:
      - user: price?
        expect: [{reply_contains: "249.00"}, {tool_called: get_price}]
"""
GOOD = {
    "returns": [ScriptedTurn(answer("30 days."))],
    "price": [ScriptedTurn(answer("$249.00", call("get_price", {"amount_minor": 24900})))],
}


def run(tmp_path: Path, scripts: dict[str, list[ScriptedTurn]], suite: str = SUITE) -> RunReport:
    return run_report([load_text_suite(tmp_path, suite)], ScriptedDriver.from_scripts(scripts))


def test_identical_runs_have_no_regression(tmp_path: Path) -> None:
    comparison = compare_reports(run(tmp_path, GOOD), run(tmp_path, GOOD))
    assert not comparison.has_regression
    assert {s.change for s in comparison.scenarios} == {"unchanged"}


def test_a_scenario_that_starts_failing_is_a_regression(tmp_path: Path) -> None:
    worse = {**GOOD, "price": [ScriptedTurn(answer("I am not sure."))]}
    comparison = compare_reports(run(tmp_path, GOOD), run(tmp_path, worse))
    assert comparison.has_regression
    assert [(s.id, s.change) for s in comparison.regressed_scenarios()] == [("price", "regressed")]
    regressed = {m.name for m in comparison.regressed_metrics()}
    assert {"pass_rate", "pass^1", "tool_recall_read"} <= regressed


def test_the_same_change_the_other_way_is_an_improvement(tmp_path: Path) -> None:
    worse = {**GOOD, "price": [ScriptedTurn(answer("I am not sure."))]}
    comparison = compare_reports(run(tmp_path, worse), run(tmp_path, GOOD))
    assert not comparison.has_regression
    assert [s.id for s in comparison.improved_scenarios()] == ["price"]


def test_more_grounding_violations_regress_even_when_scenarios_pass(tmp_path: Path) -> None:
    loose = {**GOOD, "returns": [ScriptedTurn(answer("30 days, or 45 for members."))]}
    comparison = compare_reports(run(tmp_path, GOOD), run(tmp_path, loose))
    assert [m.name for m in comparison.regressed_metrics()] == ["grounding_violations"]


def test_tolerance_forgives_a_small_drop_in_ratios(tmp_path: Path) -> None:
    base, new = run(tmp_path, GOOD), run(tmp_path, GOOD)
    new.metrics.pass_rate = base.metrics.pass_rate - 0.01
    assert compare_reports(base, new, tolerance=0.02).regressed_metrics() == []
    assert [m.name for m in compare_reports(base, new).regressed_metrics()] == ["pass_rate"]


def test_latency_changes_are_reported_but_do_not_gate(tmp_path: Path) -> None:
    base, new = run(tmp_path, GOOD), run(tmp_path, GOOD)
    new.metrics.latency_p95_ms = (base.metrics.latency_p95_ms or 0) + 500
    comparison = compare_reports(base, new)
    latency = next(m for m in comparison.metrics if m.name == "latency_p95_ms")
    assert (latency.change, latency.gating, comparison.has_regression) == (
        "regressed",
        False,
        False,
    )


def test_added_and_removed_scenarios_are_listed_but_do_not_gate(tmp_path: Path) -> None:
    smaller = SUITE.split("  - id: price")[0]
    base = run(tmp_path / "a", GOOD)
    new = run(tmp_path / "b", GOOD, smaller)
    changes = {s.id: s.change for s in compare_reports(base, new).scenarios}
    assert changes == {"returns": "unchanged", "price": "removed"}
    assert {s.id: s.change for s in compare_reports(new, base).scenarios}["price"] == "added"


def test_a_changed_suite_file_is_noted(tmp_path: Path) -> None:
    base = run(tmp_path / "a", GOOD)
    new = run(tmp_path / "b", GOOD, SUITE.replace("returns?", "returns, please?"))
    assert any("changed between the runs" in note for note in compare_reports(base, new).notes)
