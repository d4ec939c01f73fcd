import threading
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from evals.driver import CartLineSnapshot, CartSnapshot, ConversationSetup
from evals.runner import run_suites
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from tests.evals.helpers import answer, call, load_text_suite

SUITE = """
name: shop
scenarios:
  - id: add
    turns:
      - user: add a headlamp
        expect:
          - tool_called: add_to_cart
    end:
      - cart: {lines: 1}
  - id: look
    turns:
      - user: what is in my cart?
    end:
      - cart: {lines: 0}
"""

HEADLAMP = CartSnapshot(lines=[CartLineSnapshot(sku="LAMP-B300-BLK", quantity=1)])


def shop_driver() -> ScriptedDriver:
    return ScriptedDriver.from_scripts(
        {
            "add": [ScriptedTurn(answer("Added.", call("add_to_cart")), cart=HEADLAMP)],
            "look": [ScriptedTurn(answer("Your cart is empty.", call("view_cart")))],
        }
    )


def test_every_trial_starts_a_fresh_conversation(tmp_path: Path) -> None:
    driver = shop_driver()
    output = run_suites([load_text_suite(tmp_path, SUITE)], driver, repeat=3)
    started = sorted((c.setup.scenario_id, c.setup.trial) for c in driver.conversations)
    assert started == [("add", 1), ("add", 2), ("add", 3), ("look", 1), ("look", 2), ("look", 3)]
    assert all(trial.passed for trial in output.trials)


def test_one_scenarios_cart_does_not_leak_into_the_next(tmp_path: Path) -> None:
    output = run_suites([load_text_suite(tmp_path, SUITE)], shop_driver(), repeat=2, jobs=1)
    look = [t for t in output.trials if t.scenario_id == "look"]
    assert [t.end[0].status for t in look] == ["passed", "passed"]


def test_results_come_back_in_suite_order_whatever_the_threads_did(tmp_path: Path) -> None:
    output = run_suites([load_text_suite(tmp_path, SUITE)], shop_driver(), repeat=3, jobs=4)
    order = [(t.scenario_id, t.trial) for t in output.trials]
    assert order == [("add", 1), ("add", 2), ("add", 3), ("look", 1), ("look", 2), ("look", 3)]


def test_jobs_run_trials_on_several_threads(tmp_path: Path) -> None:
    barrier = threading.Barrier(2, timeout=10)

    def respond(setup: ConversationSetup, index: int, text: str) -> ScriptedTurn:
        barrier.wait()  # both trials must be in flight at once to pass the barrier
        return ScriptedTurn(answer("ok"))

    suite = load_text_suite(tmp_path, "name: s\nscenarios:\n  - id: a\n    turns: [{user: hi}]\n")
    output = run_suites([suite], ScriptedDriver(respond), repeat=2, jobs=2)
    assert [t.status for t in output.trials] == ["passed", "passed"]


def test_a_failed_assertion_fails_the_trial_with_its_line(tmp_path: Path) -> None:
    driver = ScriptedDriver.from_scripts({"add": [ScriptedTurn(answer("Sorry."))], "look": []})
    output = run_suites([load_text_suite(tmp_path, SUITE)], driver)
    add = output.trials[0]
    assert add.status == "failed"
    assert [(f.kind, f.line) for f in add.failures()] == [("tool_called", 7), ("cart", 9)]


def test_an_exception_in_the_assistant_is_an_error_and_the_conversation_is_closed(
    tmp_path: Path,
) -> None:
    driver = ScriptedDriver.from_scripts(
        {"add": [ScriptedTurn("x", raises=RuntimeError("model timed out"))], "look": []}
    )
    output = run_suites([load_text_suite(tmp_path, SUITE)], driver)
    assert output.trials[0].status == "error"
    assert "RuntimeError: model timed out" in (output.trials[0].error or "")
    assert all(conversation.closed for conversation in driver.conversations)


def test_a_missing_script_is_reported_as_an_error_of_that_trial(tmp_path: Path) -> None:
    driver = ScriptedDriver.from_scripts({"add": []})
    output = run_suites([load_text_suite(tmp_path, SUITE)], driver)
    assert [t.status for t in output.trials] == ["error", "error"]


def test_the_turn_latency_is_the_assistants_own_when_it_reports_one(tmp_path: Path) -> None:
    driver = ScriptedDriver(lambda *_: ScriptedTurn(answer("ok", latency_ms=42.5)))
    suite = load_text_suite(tmp_path, "name: s\nscenarios:\n  - id: a\n    turns: [{user: hi}]\n")
    assert run_suites([suite], driver).trials[0].turns[0].latency_ms == 42.5


def test_suite_identity_and_start_reach_the_driver(tmp_path: Path) -> None:
    driver = ScriptedDriver(lambda *_: ScriptedTurn("ok"))
    suite = load_text_suite(
        tmp_path,
        """
        name: s
        identity: {customer: cust-1001}
        start: {cart: [{sku: TENT-RL2-GRN, quantity: 1}]}
        scenarios:
          - id: a
            turns: [{user: hi}]
        """,
    )
    run_suites([suite], driver)
    setup = driver.conversations[0].setup
    assert setup.identity is not None and setup.identity.customer == "cust-1001"
    assert [item.sku for item in setup.start.cart] == ["TENT-RL2-GRN"]


@pytest.mark.parametrize(("repeat", "jobs"), [(0, 1), (101, 1), (1, 0), (1, 65)])
def test_repeat_and_jobs_are_bounded(tmp_path: Path, repeat: int, jobs: int) -> None:
    with pytest.raises(InvalidInputError):
        run_suites([load_text_suite(tmp_path, SUITE)], shop_driver(), repeat=repeat, jobs=jobs)
