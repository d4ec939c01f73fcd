"""The LLM judge for `rubric` assertions: any LangChain chat model, asked for PASS or FAIL.

Without a judge, rubric assertions are reported as skipped, never as passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from evals.outcomes import TurnRecord
from prompts import Prompt, load_prompt


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


def judge_prompt() -> Prompt:
    """The judge's instructions, `prompts/eval_judge.md`."""
    return load_prompt("eval_judge")


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
