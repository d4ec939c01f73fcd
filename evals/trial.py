"""One trial of one scenario: a fresh conversation, every turn sent and checked, then the end."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence

from evals.assertions import CheckContext, check, ungrounded_figures
from evals.driver import ChatDriver, ConversationSetup, DriverConversation
from evals.expectations import Expectation
from evals.judge import Judge
from evals.loader import LoadedSuite
from evals.outcomes import AssertionOutcome, TrialResult, TurnRecord
from evals.state_checks import capture_baseline, stock_skus


def run_trial(
    loaded: LoadedSuite,
    scenario_index: int,
    trial: int,
    driver: ChatDriver,
    judge: Judge | None = None,
    rewrite: Callable[[str], str] | None = None,
) -> TrialResult:
    """Play scenario `scenario_index` of the suite once (trial is 1-based) and check it.

    `rewrite` changes each shopper message before it is sent (a perturbed run).
    """
    suite = loaded.suite
    scenario = suite.scenarios[scenario_index]
    result = TrialResult(
        suite=suite.name,
        scenario_id=scenario.id,
        description=scenario.description,
        tags=list(scenario.tags),
        line=loaded.line_of("scenarios", scenario_index),
        trial=trial,
        status="passed",
    )
    setup = ConversationSetup(
        suite=suite.name,
        scenario_id=scenario.id,
        trial=trial,
        store=loaded.store,
        identity=suite.identity_for(scenario),
        start=suite.start_for(scenario),
    )
    started = time.perf_counter()
    conversation: DriverConversation | None = None
    try:
        conversation = driver.start(setup)
        every = [e for turn in scenario.turns for e in turn.expect] + list(scenario.end)
        baseline = capture_baseline(conversation, stock_skus(every))
        for turn_index, turn in enumerate(scenario.turns):
            message = rewrite(turn.user) if rewrite is not None else turn.user
            record = _send(conversation, turn_index, message)
            result.turns.append(record)
            context = CheckContext("turn", [record], result.turns, conversation, baseline, judge)
            location = ("scenarios", scenario_index, "turns", turn_index, "expect")
            record.outcomes = _check_all(turn.expect, context, loaded, location)
        end_context = CheckContext("end", result.turns, result.turns, conversation, baseline, judge)
        result.end = _check_all(
            scenario.end, end_context, loaded, ("scenarios", scenario_index, "end")
        )
    except Exception as exc:  # a crash in the assistant is a result to report, not a harness bug
        result.status = "error"
        result.error = _describe_error(exc)
    finally:
        if conversation is not None:
            conversation.close()
    result.duration_ms = round((time.perf_counter() - started) * 1000, 3)
    if result.status != "error" and result.failures():
        result.status = "failed"
    return result


def _send(conversation: DriverConversation, turn_index: int, text: str) -> TurnRecord:
    sent = time.perf_counter()
    answer = conversation.send(text)
    measured = (time.perf_counter() - sent) * 1000
    return TurnRecord(
        index=turn_index + 1,
        user=text,
        result=answer,
        latency_ms=round(answer.latency_ms if answer.latency_ms > 0 else measured, 3),
        ungrounded=ungrounded_figures(text, answer),
    )


def _check_all(
    expectations: Sequence[Expectation],
    context: CheckContext,
    loaded: LoadedSuite,
    location: tuple[str | int, ...],
) -> list[AssertionOutcome]:
    return [
        check(expectation, context, loaded.line_of(*location, index))
        for index, expectation in enumerate(expectations)
    ]


def _describe_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
