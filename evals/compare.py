"""Comparing two runs: what got better and what regressed, by scenario and by metric.

A scenario regressed when its pass rate dropped; a gating metric regressed when it moved the
wrong way (ratios by more than the tolerance, counts such as grounding violations by any amount).
Scenarios only in one run are listed as added or removed, and never count as regressions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from evals.metric_catalog import Unit, metric_infos, metric_value
from evals.reports.results_json import RunReport

Change = Literal["improved", "regressed", "unchanged", "added", "removed", "n/a"]


class ScenarioChange(BaseModel):
    """A scenario's pass rate in both runs."""

    suite: str
    id: str
    base_rate: float | None
    new_rate: float | None
    change: Change


class MetricChange(BaseModel):
    """A metric in both runs."""

    name: str
    label: str
    base: float | None
    new: float | None
    change: Change
    gating: bool
    unit: Unit


class Comparison(BaseModel):
    """The difference between a base run and a new one."""

    base_model: str
    new_model: str
    base_commit: str | None
    new_commit: str | None
    scenarios: list[ScenarioChange]
    metrics: list[MetricChange]
    notes: list[str]

    def regressed_scenarios(self) -> list[ScenarioChange]:
        """Scenarios whose pass rate dropped."""
        return [s for s in self.scenarios if s.change == "regressed"]

    def improved_scenarios(self) -> list[ScenarioChange]:
        """Scenarios whose pass rate rose."""
        return [s for s in self.scenarios if s.change == "improved"]

    def regressed_metrics(self) -> list[MetricChange]:
        """Gating metrics that moved the wrong way."""
        return [m for m in self.metrics if m.gating and m.change == "regressed"]

    @property
    def has_regression(self) -> bool:
        """Whether the new run is worse anywhere that gates."""
        return bool(self.regressed_scenarios() or self.regressed_metrics())


def compare_reports(base: RunReport, new: RunReport, *, tolerance: float = 0.0) -> Comparison:
    """Compare two results.json documents; `tolerance` forgives small drops in ratio metrics."""
    return Comparison(
        base_model=base.model,
        new_model=new.model,
        base_commit=base.git_commit,
        new_commit=new.git_commit,
        scenarios=_scenario_changes(base, new),
        metrics=_metric_changes(base, new, tolerance),
        notes=_notes(base, new),
    )


def _scenario_changes(base: RunReport, new: RunReport) -> list[ScenarioChange]:
    before = {(s.suite, s.id): s.pass_rate for s in base.scenarios}
    after = {(s.suite, s.id): s.pass_rate for s in new.scenarios}
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, current = before.get(key), after.get(key)
        change: Change
        if old is None:
            change = "added"
        elif current is None:
            change = "removed"
        elif current > old:
            change = "improved"
        elif current < old:
            change = "regressed"
        else:
            change = "unchanged"
        changes.append(
            ScenarioChange(suite=key[0], id=key[1], base_rate=old, new_rate=current, change=change)
        )
    return changes


def _metric_changes(base: RunReport, new: RunReport, tolerance: float) -> list[MetricChange]:
    infos = {info.name: info for info in metric_infos(base.metrics)}
    infos.update({info.name: info for info in metric_infos(new.metrics)})
    changes = []
    for info in infos.values():
        old, current = metric_value(base.metrics, info.name), metric_value(new.metrics, info.name)
        change: Change = "n/a"
        if old is not None and current is not None:
            allowed = tolerance if info.unit == "ratio" else 0.0
            gain = (current - old) if info.better == "higher" else (old - current)
            if gain > allowed:
                change = "improved"
            elif gain < -allowed:
                change = "regressed"
            else:
                change = "unchanged"
        changes.append(
            MetricChange(
                name=info.name,
                label=info.label,
                base=old,
                new=current,
                change=change,
                gating=info.gating,
                unit=info.unit,
            )
        )
    return changes


def _notes(base: RunReport, new: RunReport) -> list[str]:
    notes = []
    old_suites = {suite.name: suite for suite in base.suites}
    for suite in new.suites:
        previous = old_suites.get(suite.name)
        if previous is not None and previous.sha256 != suite.sha256:
            notes.append(f"suite {suite.name!r} changed between the runs (sha256 differs)")
    if base.repeat != new.repeat:
        notes.append(f"trials per scenario differ: {base.repeat} vs {new.repeat}")
    if base.prompt_versions != new.prompt_versions:
        notes.append(
            "prompt versions differ: "
            f"{', '.join(base.prompt_versions) or '-'} vs {', '.join(new.prompt_versions) or '-'}"
        )
    return notes
