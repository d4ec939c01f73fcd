"""Run metrics, computed from trial results alone (so a results.json can be re-measured).

- pass rate: passed trials / trials.
- pass^k (tau-bench): for each scenario with c successes in n trials, C(c,k)/C(n,k), averaged
  over scenarios; the chance that k independent trials of a scenario all pass.
- tool-call precision and recall, reads and writes apart (`tool_kinds.py`). Expected calls are the
  `tool_called` expectations: each one that held is a hit, each one that failed a miss. A call is
  a false alarm when it was made in a turn that lists its expected tools (has a `tool_called`)
  without being expected there or at the end, or when a `tool_not_called` expectation caught it.
- handoff precision and recall over the `handoff` expectations (true = a handoff was expected).
- grounding violations: figures in final replies that no tool result, passage or shopper message
  of the turn supports (checked on every turn, asserted or not).
- citation accuracy: `cites` expectations that held / all `cites` expectations.
- latency p50/p95 per turn (nearest rank), tokens per conversation, estimated cost.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from evals.costs import PriceTable
from evals.outcomes import AssertionOutcome, TrialResult
from evals.tool_kinds import LOOP_CALLS, ToolKind, tool_kind

TokenCounter = Callable[[str], int]


class GroupRate(BaseModel):
    """Pass rate of a group of trials (a suite, a tag)."""

    name: str
    trials: int
    passed: int
    pass_rate: float


class Metrics(BaseModel):
    """Every figure of a run. None means 'nothing to measure' (e.g. no handoff expectations)."""

    scenarios: int
    trials: int
    passed_trials: int
    failed_trials: int
    errored_trials: int
    pass_rate: float
    pass_hat_k: dict[str, float]
    tool_precision_read: float | None
    tool_recall_read: float | None
    tool_precision_write: float | None
    tool_recall_write: float | None
    handoff_precision: float | None
    handoff_recall: float | None
    grounding_violations: int
    guard_interventions: int
    citation_accuracy: float | None
    skipped_assertions: int
    turns: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    tokens_in: int
    tokens_out: int
    tokens_per_conversation: float | None
    estimated_cost: str | None
    cost_currency: str | None


def compute_metrics(
    trials: Sequence[TrialResult],
    *,
    count_tokens: TokenCounter,
    prices: PriceTable | None = None,
    model: str = "",
) -> Metrics:
    """All metrics of a run."""
    outcomes = [outcome for trial in trials for outcome in trial.outcomes()]
    tools = _tool_counts(trials)
    handoff = _handoff_counts(outcomes)
    latencies = sorted(turn.latency_ms for trial in trials for turn in trial.turns)
    tokens = [_trial_tokens(trial, count_tokens) for trial in trials]
    tokens_in = sum(t[0] for t in tokens)
    tokens_out = sum(t[1] for t in tokens)
    cost = prices.cost(model, tokens_in, tokens_out) if prices is not None else None
    cites = [o for o in outcomes if o.kind == "cites"]
    passed = sum(trial.passed for trial in trials)
    return Metrics(
        scenarios=len({trial.key for trial in trials}),
        trials=len(trials),
        passed_trials=passed,
        failed_trials=sum(trial.status == "failed" for trial in trials),
        errored_trials=sum(trial.status == "error" for trial in trials),
        pass_rate=_ratio(passed, len(trials)) or 0.0,
        pass_hat_k=pass_hat_k(trials),
        tool_precision_read=_ratio(tools["read"]["tp"], tools["read"]["tp"] + tools["read"]["fp"]),
        tool_recall_read=_ratio(tools["read"]["tp"], tools["read"]["tp"] + tools["read"]["fn"]),
        tool_precision_write=_ratio(
            tools["write"]["tp"], tools["write"]["tp"] + tools["write"]["fp"]
        ),
        tool_recall_write=_ratio(tools["write"]["tp"], tools["write"]["tp"] + tools["write"]["fn"]),
        handoff_precision=_ratio(handoff["tp"], handoff["tp"] + handoff["fp"]),
        handoff_recall=_ratio(handoff["tp"], handoff["tp"] + handoff["fn"]),
        grounding_violations=sum(len(t.ungrounded) for trial in trials for t in trial.turns),
        guard_interventions=sum(
            len(t.result.grounding_violations) for trial in trials for t in trial.turns
        ),
        citation_accuracy=_ratio(sum(o.status == "passed" for o in cites), len(cites)),
        skipped_assertions=sum(o.status == "skipped" for o in outcomes),
        turns=len(latencies),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        tokens_per_conversation=(
            round((tokens_in + tokens_out) / len(trials), 1) if trials else None
        ),
        estimated_cost=str(cost) if cost is not None else None,
        cost_currency=prices.currency if cost is not None and prices is not None else None,
    )


def pass_hat_k(trials: Iterable[TrialResult]) -> dict[str, float]:
    """pass^1..pass^K, K being the fewest trials any scenario had."""
    outcomes: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for trial in trials:
        outcomes[trial.key].append(trial.passed)
    if not outcomes:
        return {}
    most = min(len(results) for results in outcomes.values())
    return {
        str(k): round(
            sum(
                math.comb(sum(results), k) / math.comb(len(results), k)
                for results in outcomes.values()
            )
            / len(outcomes),
            4,
        )
        for k in range(1, most + 1)
    }


def percentile(sorted_values: Sequence[float], percent: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return round(sorted_values[rank - 1], 1)


def group_rates(
    trials: Iterable[TrialResult], by: Callable[[TrialResult], list[str]]
) -> list[GroupRate]:
    """Pass rate per group; a trial counts in every group `by` names for it."""
    totals: Counter[str] = Counter()
    passes: Counter[str] = Counter()
    for trial in trials:
        for name in by(trial):
            totals[name] += 1
            passes[name] += trial.passed
    return [
        GroupRate(
            name=name,
            trials=totals[name],
            passed=passes[name],
            pass_rate=_ratio(passes[name], totals[name]) or 0.0,
        )
        for name in totals
    ]


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def expected_tool_name(expected: Any) -> str:
    """The tool name of a tool_called/tool_not_called payload (a name or {name, args})."""
    return str(expected["name"]) if isinstance(expected, dict) else str(expected)


def _tool_counts(trials: Iterable[TrialResult]) -> dict[ToolKind, Counter[str]]:
    counts: dict[ToolKind, Counter[str]] = {"read": Counter(), "write": Counter()}
    for trial in trials:
        for outcome in trial.outcomes():
            if outcome.kind == "tool_called":
                name = expected_tool_name(outcome.expected)
                counts[tool_kind(name)]["tp" if outcome.status == "passed" else "fn"] += 1
        for _turn, name in _false_alarms(trial):
            counts[tool_kind(name)]["fp"] += 1
    return counts


def _false_alarms(trial: TrialResult) -> set[tuple[int, str]]:
    expected_at_end = {expected_tool_name(o.expected) for o in trial.end if o.kind == "tool_called"}
    alarms: set[tuple[int, str]] = set()
    for turn in trial.turns:
        expected_here = {
            expected_tool_name(o.expected) for o in turn.outcomes if o.kind == "tool_called"
        }
        if expected_here:
            alarms.update(
                (turn.index, call.name)
                for call in turn.result.tool_calls
                if call.name not in expected_here | expected_at_end and call.name not in LOOP_CALLS
            )
    for outcome in trial.outcomes():
        if outcome.kind == "tool_not_called" and outcome.status == "failed":
            name = expected_tool_name(outcome.expected)
            turns = [t for t in trial.turns if outcome.turn in (None, t.index)]
            alarms.update(
                (t.index, name) for t in turns if any(c.name == name for c in t.result.tool_calls)
            )
    return alarms


def _handoff_counts(outcomes: Iterable[AssertionOutcome]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.kind != "handoff" or not isinstance(outcome.observed, dict):
            continue
        expected = outcome.expected is not False
        happened = bool(outcome.observed.get("handed_off"))
        if expected and happened:
            counts["tp"] += 1
        elif happened:
            counts["fp"] += 1
        elif expected:
            counts["fn"] += 1
    return counts


def _trial_tokens(trial: TrialResult, count_tokens: TokenCounter) -> tuple[int, int]:
    tokens_in = tokens_out = 0
    for turn in trial.turns:
        reported = (turn.result.tokens_in, turn.result.tokens_out)
        if reported == (0, 0):
            reported = (count_tokens(turn.user), count_tokens(turn.result.reply))
        tokens_in += reported[0]
        tokens_out += reported[1]
    return tokens_in, tokens_out
