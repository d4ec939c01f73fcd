"""results.json: the whole run in one versioned document that `eval compare` reads back.

Top level: `schema_version`, `pass_rate`, `model`, `prompt_versions`, `project_version`,
`git_commit`, the suites with their SHA-256, the metrics, pass rates by suite and tag, one
summary per scenario, every trial with its transcript, tool calls and assertion outcomes, and
(with `--perturb`) how the outcomes held when the shopper's messages were perturbed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.errors import InvalidInputError
from evals.loader import LoadedSuite
from evals.metrics import GroupRate, Metrics, group_rates
from evals.outcomes import TrialResult
from evals.perturbed_runs import Invariance
from evals.provenance import git_commit, project_version
from evals.runner import RunOutput

SCHEMA_VERSION: Literal[1] = 1
RESULTS_FILE = "results.json"


class SuiteInfo(BaseModel):
    """A suite as it was run: where it came from and a hash of its bytes."""

    name: str
    path: str
    sha256: str
    store: str
    fixture_sha256: str | None = None
    scenarios: int


class ScenarioSummary(BaseModel):
    """A scenario over all its trials."""

    suite: str
    id: str
    tags: list[str] = Field(default_factory=list)
    path: str
    line: int | None = None
    trials: int
    passed: int
    pass_rate: float


class RunReport(BaseModel):
    """The results.json document (schema_version 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    pass_rate: float
    model: str
    judge: str | None = None
    prompt_versions: list[str]
    project_version: str
    git_commit: str | None
    started_at: datetime
    duration_s: float
    repeat: int
    jobs: int
    suites: list[SuiteInfo]
    metrics: Metrics
    by_suite: list[GroupRate]
    by_tag: list[GroupRate]
    scenarios: list[ScenarioSummary]
    trials: list[TrialResult]
    perturbation: Invariance | None = Field(
        default=None, description="The perturbed replay (`eval run --perturb`), if asked for."
    )


def build_report(
    output: RunOutput,
    suites: Sequence[LoadedSuite],
    metrics: Metrics,
    *,
    model: str,
    judge: str | None = None,
    perturbation: Invariance | None = None,
) -> RunReport:
    """Assemble the report of a finished run."""
    trials = output.trials
    prompts = {turn.result.prompt_version for t in trials for turn in t.turns}
    return RunReport(
        pass_rate=metrics.pass_rate,
        model=model,
        judge=judge,
        prompt_versions=sorted(p for p in prompts if p),
        project_version=project_version(),
        git_commit=git_commit(),
        started_at=output.started_at,
        duration_s=output.duration_s,
        repeat=output.repeat,
        jobs=output.jobs,
        suites=[
            SuiteInfo(
                name=loaded.name,
                path=str(loaded.path),
                sha256=loaded.sha256,
                store=loaded.store.label,
                fixture_sha256=loaded.store.fixture_sha256,
                scenarios=len(loaded.suite.scenarios),
            )
            for loaded in suites
        ],
        metrics=metrics,
        by_suite=group_rates(trials, lambda trial: [trial.suite]),
        by_tag=sorted(group_rates(trials, lambda trial: trial.tags), key=lambda g: g.name),
        scenarios=summarise_scenarios(trials, suites),
        trials=list(trials),
        perturbation=perturbation,
    )


def summarise_scenarios(
    trials: Sequence[TrialResult], suites: Sequence[LoadedSuite]
) -> list[ScenarioSummary]:
    """One line per scenario, in run order."""
    paths = {loaded.name: str(loaded.path) for loaded in suites}
    grouped: dict[tuple[str, str], list[TrialResult]] = defaultdict(list)
    for trial in trials:
        grouped[trial.key].append(trial)
    summaries = []
    for (suite, scenario_id), group in grouped.items():
        passed = sum(trial.passed for trial in group)
        summaries.append(
            ScenarioSummary(
                suite=suite,
                id=scenario_id,
                tags=group[0].tags,
                path=paths.get(suite, ""),
                line=group[0].line,
                trials=len(group),
                passed=passed,
                pass_rate=round(passed / len(group), 4),
            )
        )
    return summaries


def write_results_json(report: RunReport, folder: Path) -> Path:
    """Write `results.json` into the folder."""
    path = folder / RESULTS_FILE
    path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def read_results_json(path: Path) -> RunReport:
    """Read a results.json back, refusing other schema versions with a clear message."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return RunReport.model_validate_json(text)
    except ValidationError as exc:
        version = _declared_version(text)
        if version is not None and version != SCHEMA_VERSION:
            raise InvalidInputError(
                f"{path}: results schema_version {version}; this version reads {SCHEMA_VERSION}"
            ) from None
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInputError(
            f"{path}: not an eval results file ({where}: {first['msg']})"
        ) from None


def _declared_version(text: str) -> object:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data.get("schema_version") if isinstance(data, dict) else None
