"""Builders for the harness's tests: canned turns, suites written to disk, and reports."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from assistant.agent.turn import Citation, HandoffInfo, ToolCallRecord, TurnResult
from evals.driver import ChatDriver
from evals.loader import LoadedSuite, load_suite
from evals.metrics import compute_metrics
from evals.reports.results_json import RunReport, build_report
from evals.runner import run_suites


def call(name: str, result: Any = None, **arguments: Any) -> ToolCallRecord:
    return ToolCallRecord(id=f"call-{name}", name=name, arguments=arguments, result=result)


def answer(
    reply: str,
    *calls: ToolCallRecord,
    citations: list[Citation] | None = None,
    handoff: str | None = None,
    language: str = "en",
    latency_ms: float = 5.0,
    prompt_version: str = "system@1",
    tokens: tuple[int, int] = (0, 0),
) -> TurnResult:
    return TurnResult(
        conversation_id="c",
        reply=reply,
        language=language,  # type: ignore[arg-type]
        tool_calls=list(calls),
        citations=citations or [],
        handoff=HandoffInfo(state="waiting", reason=handoff) if handoff else HandoffInfo(),
        latency_ms=latency_ms,
        prompt_version=prompt_version,
        model="scripted",
        tokens_in=tokens[0],
        tokens_out=tokens[1],
    )


def cite(source: str, section: str | None = None, doc_type: str = "policy") -> Citation:
    return Citation(
        document_id=f"doc-{source}", title=source, section=section, source=source, doc_type=doc_type
    )


def write_suite(folder: Path, text: str, name: str = "suite.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def load_text_suite(folder: Path, text: str, name: str = "suite.yaml") -> LoadedSuite:
    return load_suite(write_suite(folder, text, name))


def count_words(text: str) -> int:
    return len(text.split())


def run_report(
    suites: list[LoadedSuite], driver: ChatDriver, *, repeat: int = 1, model: str = "scripted"
) -> RunReport:
    output = run_suites(suites, driver, repeat=repeat)
    metrics = compute_metrics(output.trials, count_tokens=count_words, model=model)
    return build_report(output, suites, metrics, model=model)
