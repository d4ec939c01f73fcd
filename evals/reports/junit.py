"""JUnit XML: one test case per scenario trial, grouped by suite, for CI dashboards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from pathlib import Path

from evals.outcomes import TrialResult
from evals.reports.results_json import RunReport

JUNIT_FILE = "junit.xml"
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _seconds(milliseconds: float) -> str:
    return f"{milliseconds / 1000:.3f}"


def _case_name(trial: TrialResult, repeat: int) -> str:
    return trial.scenario_id if repeat == 1 else f"{trial.scenario_id} [trial {trial.trial}]"


def _transcript(trial: TrialResult) -> str:
    lines = []
    for turn in trial.turns:
        lines.append(f"shopper: {turn.user}")
        for call in turn.result.tool_calls:
            lines.append(f"  tool {call.name} {call.arguments}")
        lines.append(f"assistant: {turn.result.reply}")
        lines.extend(
            f"  [{o.status}] {o.kind}: {o.message}".rstrip(": ")
            for o in turn.outcomes
            if o.status != "passed"
        )
    lines.extend(
        f"[{o.status}] end {o.kind}: {o.message}".rstrip(": ")
        for o in trial.end
        if o.status != "passed"
    )
    return "\n".join(lines)


def _test_case(trial: TrialResult, repeat: int, path: str) -> ET.Element:
    case = ET.Element(
        "testcase",
        {
            "classname": trial.suite,
            "name": _clean(_case_name(trial, repeat)),
            "time": _seconds(trial.duration_ms),
            "file": path,
        },
    )
    if trial.line is not None:
        case.set("line", str(trial.line))
    if trial.status == "error":
        error = ET.SubElement(case, "error", {"message": _clean(trial.error or "error")})
        error.text = _clean(trial.error or "")
    elif trial.status == "failed":
        failures = trial.failures()
        summary = "; ".join(f"{o.where} {o.kind}: {o.message}" for o in failures)
        failure = ET.SubElement(
            case, "failure", {"message": _clean(summary[:1000]), "type": "AssertionFailed"}
        )
        failure.text = _clean(
            "\n".join(f"line {o.line}: {o.where} {o.kind}: {o.message}" for o in failures)
        )
    output = ET.SubElement(case, "system-out")
    output.text = _clean(_transcript(trial))
    return case


def render_junit(report: RunReport) -> str:
    """The report as a JUnit XML document."""
    paths = {suite.name: suite.path for suite in report.suites}
    root = ET.Element("testsuites", {"name": "sales-assistant evals"})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite_name, group in groupby(report.trials, key=lambda trial: trial.suite):
        trials = list(group)
        counts = {
            "tests": len(trials),
            "failures": sum(t.status == "failed" for t in trials),
            "errors": sum(t.status == "error" for t in trials),
        }
        element = ET.SubElement(
            root,
            "testsuite",
            {
                "name": suite_name,
                **{key: str(value) for key, value in counts.items()},
                "skipped": "0",
                "time": _seconds(sum(t.duration_ms for t in trials)),
            },
        )
        for trial in trials:
            element.append(_test_case(trial, report.repeat, paths.get(suite_name, "")))
        for key, value in counts.items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{report.duration_s:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: RunReport, folder: Path) -> Path:
    """Write `junit.xml` into the folder."""
    path = folder / JUNIT_FILE
    path.write_text(render_junit(report), encoding="utf-8")
    return path
