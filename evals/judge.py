"""The LLM judge for `rubric` assertions: any LangChain chat model, asked for PASS or FAIL.

Without a judge, rubric assertions are reported as skipped, never as passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from evals.outcomes import TurnRecord

_PROMPT_PATH = Path(__file__).with_name("judge_prompt.md")


@dataclass(frozen=True)
class JudgeVerdict:
    """The judge's decision and its one-line reason."""

    passed: bool
    reason: str


class Judge(Protocol):
    """Grades a conversation against a rubric written by QA staff."""

    @property
    def name(self) -> str:
        """The judge's model, for reports."""
        ...

    def grade(self, rubric: str, transcript: str) -> JudgeVerdict:
        """PASS or FAIL for the transcript under the rubric."""
        ...


@dataclass(frozen=True)
class JudgePrompt:
    """The judge's instructions and their version."""

    version: str
    text: str


@cache
def judge_prompt() -> JudgePrompt:
    """The judge's instructions from `evals/judge_prompt.md` (first line `version: N`)."""
    head, _, body = _PROMPT_PATH.read_text(encoding="utf-8").partition("\n")
    key, _, version = head.partition(":")
    if key.strip() != "version" or not version.strip():
        raise ValueError(f"{_PROMPT_PATH} must start with a 'version: ...' line")
    return JudgePrompt(version=f"eval_judge@{version.strip()}", text=body.strip())


def format_transcript(turns: Sequence[TurnRecord]) -> str:
    """The conversation as the judge reads it: shopper and assistant lines, with tools used."""
    lines: list[str] = []
    for turn in turns:
        lines.append(f"Shopper: {turn.user}")
        tools = ", ".join(call.name for call in turn.result.tool_calls)
        if tools:
            lines.append(f"(assistant used tools: {tools})")
        lines.append(f"Assistant: {turn.result.reply}")
    return "\n".join(lines)


def parse_verdict(text: str) -> JudgeVerdict:
    """Read 'PASS: reason' or 'FAIL: reason'; anything else is a failure that says so."""
    stripped = text.strip()
    head = stripped.split(maxsplit=1)[0].strip(":.").upper() if stripped else ""
    reason = stripped[len(head) :].lstrip(" :.-") if head in {"PASS", "FAIL"} else stripped
    if head == "PASS":
        return JudgeVerdict(passed=True, reason=reason or "passed")
    if head == "FAIL":
        return JudgeVerdict(passed=False, reason=reason or "failed")
    return JudgeVerdict(passed=False, reason=f"the judge gave no verdict: {stripped[:200]!r}")
