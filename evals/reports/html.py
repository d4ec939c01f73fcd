"""The HTML report: one self-contained file (inline CSS, no scripts, no external assets).

The summary comes first (pass rate, metrics, pass rates by suite and tag, every scenario with a
link), then every scenario with each trial's transcript, tool calls with their results,
citations, handoffs and assertion outcomes. Failed scenarios are open and marked in red.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from evals.metric_catalog import metric_rows
from evals.metrics import GroupRate
from evals.outcomes import AssertionOutcome, TrialResult, TurnRecord
from evals.reports.html_style import STYLE
from evals.reports.results_json import RunReport, ScenarioSummary

HTML_FILE = "report.html"
_GOOD_PASS_RATE = 0.9


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def anchor(suite: str, scenario_id: str) -> str:
    """The element id of a scenario's section."""
    return "s-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{suite}--{scenario_id}")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def _badge(status: str) -> str:
    return f'<span class="badge {_e(status)}">{_e(status)}</span>'


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _header(report: RunReport) -> str:
    commit = report.git_commit[:12] if report.git_commit else "unknown"
    prompts = ", ".join(report.prompt_versions) or "none recorded"
    metrics = report.metrics
    quality = "good" if report.pass_rate >= _GOOD_PASS_RATE else "poor"
    return (
        f"<h1>Eval report: {_e(report.model)}</h1>"
        f'<p class="meta">Started {_e(report.started_at.isoformat(timespec="seconds"))}, '
        f"took {report.duration_s:.1f} s, {report.repeat} trial(s) per scenario, "
        f"{report.jobs} job(s). Project {_e(report.project_version)}, commit "
        f"<code>{_e(commit)}</code>. Prompts: {_e(prompts)}. "
        f"Judge: {_e(report.judge or 'none (rubrics skipped)')}.</p>"
        f'<div class="headline {quality}">Pass rate {_percent(report.pass_rate)} '
        f"({metrics.passed_trials}/{metrics.trials} trials, {metrics.scenarios} scenarios)</div>"
    )


def _metrics_table(report: RunReport) -> str:
    rows = "".join(
        f'<tr><th>{_e(label)}</th><td class="num">{_e(value)}</td></tr>'
        for label, value in metric_rows(report.metrics)
    )
    return f"<h3>Metrics</h3><table>{rows}</table>"


def _groups_table(title: str, groups: list[GroupRate]) -> str:
    if not groups:
        return ""
    rows = "".join(
        f'<tr><td>{_e(g.name)}</td><td class="num">{g.passed}/{g.trials}</td>'
        f'<td class="num">{_percent(g.pass_rate)}</td></tr>'
        for g in groups
    )
    head = "<tr><th>Name</th><th>Passed</th><th>Pass rate</th></tr>"
    return f"<h3>{_e(title)}</h3><table>{head}{rows}</table>"


def _scenario_status(summary: ScenarioSummary, trials: list[TrialResult]) -> str:
    if any(t.status == "error" for t in trials):
        return "error"
    return "passed" if summary.passed == summary.trials else "failed"


def _scenarios_table(report: RunReport, by_key: dict[tuple[str, str], list[TrialResult]]) -> str:
    rows = []
    for summary in report.scenarios:
        status = _scenario_status(summary, by_key[(summary.suite, summary.id)])
        rows.append(
            f'<tr class="{status}"><td>{_badge(status)}</td><td>{_e(summary.suite)}</td>'
            f'<td><a href="#{anchor(summary.suite, summary.id)}">{_e(summary.id)}</a></td>'
            f"<td>{_e(', '.join(summary.tags))}</td>"
            f'<td class="num">{summary.passed}/{summary.trials}</td></tr>'
        )
    head = "<tr><th>Status</th><th>Suite</th><th>Scenario</th><th>Tags</th><th>Passed</th></tr>"
    return f"<h3>Scenarios</h3><table>{head}{''.join(rows)}</table>"


def _outcomes(outcomes: list[AssertionOutcome]) -> str:
    if not outcomes:
        return ""
    items = []
    for outcome in outcomes:
        mark = {"passed": "✓", "failed": "✗", "skipped": "–"}[outcome.status]
        line = f' <span class="where">line {outcome.line}</span>' if outcome.line else ""
        expected = (
            outcome.expected
            if isinstance(outcome.expected, str)
            else json.dumps(outcome.expected, ensure_ascii=False, default=str)
        )
        message = f": {_e(outcome.message)}" if outcome.message else ""
        items.append(
            f'<li class="{outcome.status}">{mark} {_e(outcome.kind)} '
            f"<code>{_e(expected)}</code>{line}{message}</li>"
        )
    return f'<ul class="checks">{"".join(items)}</ul>'


def _tool_calls(turn: TurnRecord) -> str:
    calls = turn.result.tool_calls
    if not calls:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(call.name)}</code>{'' if call.ok else ' (failed)'}</td>"
        f"<td><pre>{_e(_json(call.arguments))}</pre></td>"
        f"<td><details><summary>result</summary><pre>{_e(_json(call.result))}</pre>"
        f"</details></td></tr>"
        for call in calls
    )
    return (
        '<table class="tools"><tr><th>Tool</th><th>Arguments</th><th>Result</th></tr>'
        f"{rows}</table>"
    )


def _turn(turn: TurnRecord) -> str:
    result = turn.result
    notes = [f"{turn.latency_ms:.0f} ms"]
    if result.citations:
        cited = "; ".join(f"{c.source or c.title} / {c.section or '-'}" for c in result.citations)
        notes.append(f"cites: {cited}")
    if result.handoff.state != "bot":
        notes.append(f"handoff: {result.handoff.state} ({result.handoff.reason or 'no reason'})")
    if result.confidence is not None:
        notes.append(f"confidence {result.confidence:.2f}")
    warning = (
        f'<div class="warn">Ungrounded figures: {_e(", ".join(turn.ungrounded))}</div>'
        if turn.ungrounded
        else ""
    )
    return (
        f'<div class="turn"><div class="msg user"><span class="role">Shopper, turn '
        f"{turn.index}</span>{_e(turn.user)}</div>{_tool_calls(turn)}"
        f'<div class="msg assistant"><span class="role">Assistant</span>{_e(result.reply)}</div>'
        f'<div class="notice">{_e(" · ".join(notes))}</div>{warning}'
        f"{_outcomes(turn.outcomes)}</div>"
    )


def _trial(trial: TrialResult) -> str:
    error = f'<pre class="error">{_e(trial.error)}</pre>' if trial.error else ""
    end = f"<h4>End of conversation</h4>{_outcomes(trial.end)}" if trial.end else ""
    return (
        f'<div class="trial"><h4>Trial {trial.trial} {_badge(trial.status)} '
        f'<span class="where">{trial.duration_ms:.0f} ms</span></h4>{error}'
        f"{''.join(_turn(turn) for turn in trial.turns)}{end}</div>"
    )


def _scenario(summary: ScenarioSummary, trials: list[TrialResult]) -> str:
    status = _scenario_status(summary, trials)
    opened = " open" if status != "passed" else ""
    where = f"{summary.path}:{summary.line}" if summary.line else summary.path
    description = f" — {_e(trials[0].description)}" if trials and trials[0].description else ""
    return (
        f'<details class="scenario {status}" id="{anchor(summary.suite, summary.id)}"{opened}>'
        f"<summary>{_badge(status)} {_e(summary.suite)} / {_e(summary.id)}{description} "
        f'<span class="where">{_e(where)} · {summary.passed}/{summary.trials} passed</span>'
        f"</summary>{''.join(_trial(trial) for trial in trials)}</details>"
    )


def render_html(report: RunReport) -> str:
    """The report as one HTML document."""
    by_key: dict[tuple[str, str], list[TrialResult]] = defaultdict(list)
    for trial in report.trials:
        by_key[trial.key].append(trial)
    title = f"Eval report: {report.model}, {_percent(report.pass_rate)}"
    scenarios = "".join(
        _scenario(summary, by_key[(summary.suite, summary.id)]) for summary in report.scenarios
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>"
        f"{_header(report)}<h2>Summary</h2>{_metrics_table(report)}"
        f"{_groups_table('By suite', report.by_suite)}{_groups_table('By tag', report.by_tag)}"
        f"{_scenarios_table(report, by_key)}<h2>Scenarios</h2>{scenarios}</body></html>\n"
    )


def write_html(report: RunReport, folder: Path) -> Path:
    """Write `report.html` into the folder."""
    path = folder / HTML_FILE
    path.write_text(render_html(report), encoding="utf-8")
    return path
