"""Running suites: every scenario `repeat` times, each trial a fresh conversation, `jobs` at once.

Results come back in suite order (scenario, then trial) whatever order the threads finished in,
so two runs of a deterministic assistant produce identical reports.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.errors import InvalidInputError
from evals.driver import ChatDriver
from evals.judge import Judge
from evals.limits import MAX_JOBS, MAX_REPEAT
from evals.loader import LoadedSuite
from evals.outcomes import TrialResult
from evals.trial import run_trial


@dataclass(frozen=True)
class TrialKey:
    """Which trial: suite and scenario by position, trial number from 1."""

    suite: int
    scenario: int
    trial: int


@dataclass(frozen=True)
class RunOutput:
    """Every trial of a run, in suite order, with when it ran and how long it took."""

    trials: list[TrialResult]
    started_at: datetime
    duration_s: float
    repeat: int
    jobs: int


def plan_trials(suites: Sequence[LoadedSuite], repeat: int) -> list[TrialKey]:
    """Every (suite, scenario, trial), in report order."""
    return [
        TrialKey(suite_index, scenario_index, trial)
        for suite_index, loaded in enumerate(suites)
        for scenario_index in range(len(loaded.suite.scenarios))
        for trial in range(1, repeat + 1)
    ]


def run_suites(
    suites: Sequence[LoadedSuite],
    driver: ChatDriver,
    *,
    repeat: int = 1,
    jobs: int = 1,
    judge: Judge | None = None,
    on_trial: Callable[[TrialResult], None] | None = None,
) -> RunOutput:
    """Run every trial; `on_trial` is called in the caller's thread as each one finishes."""
    if not 1 <= repeat <= MAX_REPEAT:
        raise InvalidInputError(f"--repeat must be between 1 and {MAX_REPEAT}, got {repeat}")
    if not 1 <= jobs <= MAX_JOBS:
        raise InvalidInputError(f"--jobs must be between 1 and {MAX_JOBS}, got {jobs}")
    plan = plan_trials(suites, repeat)
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    results: dict[TrialKey, TrialResult] = {}
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="eval") as pool:
        futures: dict[Future[TrialResult], TrialKey] = {
            pool.submit(run_trial, suites[key.suite], key.scenario, key.trial, driver, judge): key
            for key in plan
        }
        try:
            for future in as_completed(futures):
                trial = future.result()
                results[futures[future]] = trial
                if on_trial is not None:
                    on_trial(trial)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # Ctrl+C stops what has not started
            raise
    return RunOutput(
        trials=[results[key] for key in plan],
        started_at=started_at,
        duration_s=round(time.perf_counter() - started, 3),
        repeat=repeat,
        jobs=jobs,
    )
