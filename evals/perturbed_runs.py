"""Every scenario again with its shopper messages perturbed: the outcome must not change.

`eval run --perturb` plays each scenario once more per perturbation of `evals.perturb` that
applies to its language (a `zh` tag makes it Chinese, an `en` tag English, otherwise the first
message decides), every user turn changed the same way and with the same seed. A perturbed trial
counts nowhere in the pass rate; what is reported is whether its outcome (passed or not) is the
original's, per perturbation and overall, and which scenarios flipped with the message that
flipped them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant.errors import InvalidInputError
from evals.driver import ChatDriver
from evals.judge import Judge
from evals.loader import LoadedSuite
from evals.outcomes import TrialResult
from evals.perturb import PERTURBATIONS, perturb, perturbations_for
from evals.trial import run_trial
from text.language import detect_language

ALL = "all"


class PerturbationRate(BaseModel):
    """How often one perturbation left a scenario's outcome as it was."""

    name: str
    runs: int
    passed: int
    same_outcome: int
    invariance: float = Field(description="Share of runs whose outcome is the original's.")


class FlippedScenario(BaseModel):
    """A scenario whose outcome changed when its messages were perturbed."""

    suite: str
    scenario_id: str
    perturbation: str
    original_passed: bool
    perturbed_passed: bool
    messages: list[str] = Field(description="The perturbed shopper messages, in order.")
    first_failure: str | None = None


class Invariance(BaseModel):
    """The perturbed half of a run."""

    seed: int
    runs: int
    same_outcome: int
    invariance: float
    perturbed_pass_rate: float
    per_perturbation: list[PerturbationRate]
    flipped: list[FlippedScenario]


@dataclass(frozen=True)
class _Run:
    suite: int
    scenario: int
    perturbation: str


def parse_perturbations(value: str | None) -> list[str]:
    """The perturbation names of `--perturb`: "all" or a comma-separated list; [] for none."""
    if value is None or not value.strip():
        return []
    names = [name.strip() for name in value.split(",") if name.strip()]
    if names == [ALL]:
        return list(PERTURBATIONS)
    unknown = [name for name in names if name not in PERTURBATIONS]
    if unknown:
        raise InvalidInputError(
            f"unknown perturbation {', '.join(unknown)}; known: {ALL}, {', '.join(PERTURBATIONS)}"
        )
    return names


def scenario_language(tags: Sequence[str], first_message: str) -> str:
    """The language a scenario's shopper writes in: its `zh`/`en` tag, else the first message's."""
    if "zh" in tags:
        return "zh"
    if "en" in tags:
        return "en"
    return detect_language(first_message)


def plan_runs(suites: Sequence[LoadedSuite], names: Sequence[str]) -> list[_Run]:
    """Every (scenario, perturbation) that applies, in report order."""
    runs: list[_Run] = []
    for suite_index, loaded in enumerate(suites):
        for scenario_index, scenario in enumerate(loaded.suite.scenarios):
            first = scenario.turns[0].user if scenario.turns else ""
            applicable = perturbations_for(scenario_language(scenario.tags, first))
            runs.extend(
                _Run(suite_index, scenario_index, name) for name in names if name in applicable
            )
    return runs


def run_perturbed(
    suites: Sequence[LoadedSuite],
    originals: Sequence[TrialResult],
    driver: ChatDriver,
    names: Sequence[str],
    *,
    seed: int = 0,
    jobs: int = 1,
    judge: Judge | None = None,
    on_run: Callable[[], None] | None = None,
) -> Invariance:
    """Play every scenario under each perturbation and compare with its first original trial."""
    first_trial = {trial.key: trial for trial in reversed(originals)}
    plan = plan_runs(suites, names)

    def play(run: _Run) -> TrialResult:
        def change(text: str) -> str:
            return perturb(text, run.perturbation, seed=seed)

        loaded = suites[run.suite]
        return run_trial(loaded, run.scenario, 1, driver, judge, rewrite=change)

    results: list[TrialResult] = []
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="eval-perturbed") as pool:
        for result in pool.map(play, plan):
            results.append(result)
            if on_run is not None:
                on_run()
    return _summarise(plan, results, first_trial, seed)


def _summarise(
    plan: Sequence[_Run],
    results: Sequence[TrialResult],
    first_trial: dict[tuple[str, str], TrialResult],
    seed: int,
) -> Invariance:
    runs: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    same: Counter[str] = Counter()
    flipped = []
    for run, result in zip(plan, results, strict=True):
        original = first_trial[result.key]
        runs[run.perturbation] += 1
        passed[run.perturbation] += result.passed
        if result.passed == original.passed:
            same[run.perturbation] += 1
            continue
        failures = result.failures()
        flipped.append(
            FlippedScenario(
                suite=result.suite,
                scenario_id=result.scenario_id,
                perturbation=run.perturbation,
                original_passed=original.passed,
                perturbed_passed=result.passed,
                messages=[turn.user for turn in result.turns],
                first_failure=result.error
                or (f"{failures[0].kind}: {failures[0].message}" if failures else None),
            )
        )
    total = sum(runs.values())
    return Invariance(
        seed=seed,
        runs=total,
        same_outcome=sum(same.values()),
        invariance=round(sum(same.values()) / total, 4) if total else 1.0,
        perturbed_pass_rate=round(sum(passed.values()) / total, 4) if total else 0.0,
        per_perturbation=[
            PerturbationRate(
                name=name,
                runs=runs[name],
                passed=passed[name],
                same_outcome=same[name],
                invariance=round(same[name] / runs[name], 4),
            )
            for name in PERTURBATIONS
            if runs[name]
        ],
        flipped=flipped,
    )
