"""Rich tables for the terminal: the run summary and a comparison of two runs."""

from __future__ import annotations

from rich.table import Table

from evals.compare import Comparison, MetricChange, ScenarioChange
from evals.metric_catalog import format_metric, metric_rows
from evals.reports.results_json import RunReport

_MAX_FAILURES_LISTED = 25
_CHANGE_STYLE = {
    "improved": "green",
    "regressed": "bold red",
    "unchanged": "dim",
    "added": "cyan",
    "removed": "yellow",
    "n/a": "dim",
}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def metrics_table(report: RunReport) -> Table:
    """Every metric of the run."""
    table = Table(title=f"Eval run: {report.model}", show_header=True)
    table.add_column("Metric")
    table.add_column("Value", justify="right")
    for label, value in metric_rows(report.metrics):
        table.add_row(label, value)
    return table


def suites_table(report: RunReport) -> Table:
    """Pass rate per suite."""
    table = Table(title="By suite")
    table.add_column("Suite")
    table.add_column("Passed", justify="right")
    table.add_column("Pass rate", justify="right")
    for group in report.by_suite:
        style = "green" if group.passed == group.trials else "red"
        table.add_row(
            group.name, f"{group.passed}/{group.trials}", f"[{style}]{_percent(group.pass_rate)}"
        )
    return table


def failures_table(report: RunReport) -> Table | None:
    """The first failed trials with their first failed assertion; None when all passed."""
    failed = [trial for trial in report.trials if not trial.passed]
    if not failed:
        return None
    table = Table(title=f"Failed trials ({len(failed)})")
    table.add_column("Scenario")
    table.add_column("Where")
    table.add_column("Why", overflow="fold")
    for trial in failed[:_MAX_FAILURES_LISTED]:
        name = f"{trial.suite}/{trial.scenario_id}" + (
            f" #{trial.trial}" if report.repeat > 1 else ""
        )
        if trial.error:
            table.add_row(name, "error", trial.error)
            continue
        first = trial.failures()[0]
        where = f"{first.where}, line {first.line}" if first.line else first.where
        table.add_row(name, where, f"{first.kind}: {first.message}")
    if len(failed) > _MAX_FAILURES_LISTED:
        table.caption = f"... and {len(failed) - _MAX_FAILURES_LISTED} more in the HTML report"
    return table


def perturbation_table(report: RunReport) -> Table | None:
    """Whether outcomes held under each perturbation; None when the run had none."""
    invariance = report.perturbation
    if invariance is None:
        return None
    table = Table(
        title=(
            f"Perturbed (seed {invariance.seed}): outcome unchanged in "
            f"{invariance.same_outcome}/{invariance.runs} ({_percent(invariance.invariance)})"
        )
    )
    table.add_column("Perturbation")
    table.add_column("Unchanged", justify="right")
    table.add_column("Passed", justify="right")
    for rate in invariance.per_perturbation:
        table.add_row(rate.name, f"{rate.same_outcome}/{rate.runs}", f"{rate.passed}/{rate.runs}")
    flipped = invariance.flipped[:_MAX_FAILURES_LISTED]
    if flipped:
        table.caption = "Flipped: " + "; ".join(
            f"{f.suite}/{f.scenario_id} ({f.perturbation}) "
            + ("passed -> failed" if f.original_passed else "failed -> passed")
            for f in flipped
        )
    return table


def run_tables(report: RunReport) -> list[Table]:
    """What `eval run` prints at the end."""
    tables = [metrics_table(report), suites_table(report)]
    failures = failures_table(report)
    if failures is not None:
        tables.append(failures)
    perturbed = perturbation_table(report)
    if perturbed is not None:
        tables.append(perturbed)
    return tables


def _metric_row(change: MetricChange, currency: str | None) -> list[str]:
    style = _CHANGE_STYLE[change.change]
    gating = "" if change.gating else " (info)"
    return [
        change.label,
        format_metric(change.unit, change.base, currency),
        format_metric(change.unit, change.new, currency),
        f"[{style}]{change.change}{gating}",
    ]


def comparison_tables(comparison: Comparison, base: RunReport, new: RunReport) -> list[Table]:
    """What `eval compare` prints: metrics side by side, then scenarios that changed."""
    currency = new.metrics.cost_currency or base.metrics.cost_currency
    metrics = Table(title=f"Metrics: {comparison.base_model} -> {comparison.new_model}")
    for column in ("Metric", "Base", "New", "Change"):
        metrics.add_column(column, justify="left" if column in ("Metric", "Change") else "right")
    for change in comparison.metrics:
        metrics.add_row(*_metric_row(change, currency))
    tables = [metrics]
    moved = [s for s in comparison.scenarios if s.change != "unchanged"]
    if moved:
        tables.append(_scenario_table(moved))
    return tables


def _scenario_table(changes: list[ScenarioChange]) -> Table:
    table = Table(title="Scenarios that changed")
    for column in ("Scenario", "Base", "New", "Change"):
        table.add_column(column)
    order = {"regressed": 0, "removed": 1, "improved": 2, "added": 3}
    for change in sorted(changes, key=lambda c: order.get(c.change, 4)):
        table.add_row(
            f"{change.suite}/{change.id}",
            _percent(change.base_rate),
            _percent(change.new_rate),
            f"[{_CHANGE_STYLE[change.change]}]{change.change}",
        )
    return table
