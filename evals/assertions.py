"""Checking expectations against what the assistant did.

Under a turn's `expect`, an expectation looks at that turn. Under `end` it looks at the whole
conversation: a tool was called in some turn (or in none), a text appears in some reply (or in
none), every reply is grounded and fast enough, the handoff state is the final one. State
expectations (cart, order_created, stock) ask the driver at the moment they are checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant.agent.guards.grounding import find_ungrounded
from assistant.agent.turn import ToolCallRecord, TurnResult
from evals.driver import DriverConversation
from evals.expectations import (
    Cites,
    Expectation,
    Handoff,
    LatencyAtMost,
    NoUngroundedFigures,
    ReplyContains,
    ReplyContainsAny,
    ReplyLanguage,
    ReplyMatches,
    ReplyNotContains,
    Rubric,
    ToolCalled,
    ToolCallSpec,
    ToolNotCalled,
)
from evals.judge import Judge, format_transcript
from evals.outcomes import AssertionOutcome, OutcomeStatus, TurnRecord
from evals.state_checks import StateBaseline, check_state
from evals.text_match import contains, matches, same_text, value_matches

HANDED_OFF_STATES = frozenset({"waiting", "human"})


@dataclass(frozen=True)
class Verdict:
    """The result of one check before it is placed in the suite."""

    status: OutcomeStatus
    message: str = ""
    observed: Any = None


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at: the turns in scope, the talk so far, the shop's state."""

    scope: Literal["turn", "end"]
    turns: Sequence[TurnRecord]
    history: Sequence[TurnRecord]
    conversation: DriverConversation
    baseline: StateBaseline
    judge: Judge | None = None


def check(expectation: Expectation, context: CheckContext, line: int | None) -> AssertionOutcome:
    """Check one expectation and place the outcome (turn number, suite line)."""
    checker = _TURN_CHECKS.get(type(expectation))
    if checker is not None:
        verdict = checker(expectation, context)
    else:
        state = check_state(expectation, context.conversation, context.baseline)
        verdict = Verdict(state.status, state.message, state.observed)
    return AssertionOutcome(
        kind=expectation.key,
        scope=context.scope,
        turn=context.turns[-1].index if context.scope == "turn" and context.turns else None,
        line=line,
        status=verdict.status,
        expected=expectation.model_dump(mode="json", exclude_defaults=True)[expectation.key],
        observed=verdict.observed,
        message=verdict.message,
    )


def turn_evidence(result: TurnResult) -> list[str]:
    """What a turn's figures may come from: its tool results and its citations' snippets."""
    evidence = [json.dumps(call.result, default=str) for call in result.tool_calls]
    evidence.extend(citation.snippet for citation in result.citations if citation.snippet)
    return evidence


def ungrounded_figures(user: str, result: TurnResult) -> list[str]:
    """Figures in the reply that neither the turn's evidence nor the shopper's message gave."""
    return [v.figure for v in find_ungrounded(result.reply, turn_evidence(result), user)]


def describe_call(call: ToolCallRecord) -> str:
    """`name(arg=value, ...)` for messages."""
    arguments = ", ".join(f"{k}={v!r}" for k, v in call.arguments.items())
    return f"{call.name}({arguments})"


def call_matches(spec: ToolCallSpec, call: ToolCallRecord) -> bool:
    """Whether a call is to the named tool with at least the given arguments."""
    return call.name == spec.name and value_matches(spec.args, call.arguments)


def _calls(context: CheckContext) -> list[ToolCallRecord]:
    return [call for turn in context.turns for call in turn.result.tool_calls]


def _spec_text(spec: ToolCallSpec) -> str:
    return spec.name + (f" with {json.dumps(spec.args, default=str)}" if spec.args else "")


def _tool_called(expectation: ToolCalled, context: CheckContext) -> Verdict:
    calls = _calls(context)
    observed = [describe_call(call) for call in calls]
    if any(call_matches(expectation.spec, call) for call in calls):
        return Verdict("passed", observed=observed)
    made = "; ".join(observed) or "no tool calls"
    return Verdict("failed", f"expected {_spec_text(expectation.spec)}; calls: {made}", observed)


def _tool_not_called(expectation: ToolNotCalled, context: CheckContext) -> Verdict:
    offending = [describe_call(c) for c in _calls(context) if call_matches(expectation.spec, c)]
    if not offending:
        return Verdict("passed")
    return Verdict("failed", f"called: {'; '.join(offending)}", offending)


def _replies(context: CheckContext) -> list[str]:
    return [turn.result.reply for turn in context.turns]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _reply_contains(expectation: ReplyContains, context: CheckContext) -> Verdict:
    replies = _replies(context)
    missing = [
        text
        for text in _as_list(expectation.reply_contains)
        if not any(contains(r, text) for r in replies)
    ]
    if not missing:
        return Verdict("passed")
    return Verdict("failed", f"not in the reply: {missing!r}", _last(replies))


def _reply_contains_any(expectation: ReplyContainsAny, context: CheckContext) -> Verdict:
    replies = _replies(context)
    texts = expectation.reply_contains_any
    if any(contains(r, text) for r in replies for text in texts):
        return Verdict("passed")
    return Verdict("failed", f"none of {texts!r} is in the reply", _last(replies))


def _reply_not_contains(expectation: ReplyNotContains, context: CheckContext) -> Verdict:
    replies = _replies(context)
    found = [
        t for t in _as_list(expectation.reply_not_contains) if any(contains(r, t) for r in replies)
    ]
    if not found:
        return Verdict("passed")
    return Verdict("failed", f"the reply contains {found!r}", _last(replies))


def _reply_matches(expectation: ReplyMatches, context: CheckContext) -> Verdict:
    replies = _replies(context)
    if any(matches(reply, expectation.reply_matches) for reply in replies):
        return Verdict("passed")
    return Verdict("failed", f"no match for /{expectation.reply_matches}/", _last(replies))


def _reply_language(expectation: ReplyLanguage, context: CheckContext) -> Verdict:
    languages = [turn.result.language for turn in context.turns]
    wrong = [lang for lang in languages if lang != expectation.reply_language]
    if not wrong:
        return Verdict("passed", observed=languages)
    return Verdict("failed", f"replied in {', '.join(sorted(set(wrong)))}", languages)


def _cites(expectation: Cites, context: CheckContext) -> Verdict:
    spec = expectation.spec
    citations = [c for turn in context.turns for c in turn.result.citations]
    observed = [
        {"source": c.source, "section": c.section, "doc_type": c.doc_type} for c in citations
    ]
    for citation in citations:
        if (
            (spec.source is None or _same_source(spec.source, citation.source))
            and (spec.section is None or same_text(spec.section, citation.section or ""))
            and (spec.doc_type is None or spec.doc_type == citation.doc_type)
            and (spec.document_id is None or spec.document_id == citation.document_id)
        ):
            return Verdict("passed", observed=observed)
    cited = "; ".join(f"{c.source or c.title} / {c.section or '-'}" for c in citations)
    return Verdict("failed", f"no matching citation; cited: {cited or 'nothing'}", observed)


def _same_source(expected: str, actual: str | None) -> bool:
    return actual is not None and expected.strip("./") == actual.strip("./")


def _handoff(expectation: Handoff, context: CheckContext) -> Verdict:
    info = context.turns[-1].result.handoff if context.turns else None
    state = info.state if info is not None else "bot"
    reason = info.reason if info is not None else None
    handed_off = state in HANDED_OFF_STATES
    observed = {"state": state, "reason": reason, "handed_off": handed_off}
    if not expectation.expected:
        if handed_off:
            return Verdict("failed", f"handed off unexpectedly (reason: {reason})", observed)
        return Verdict("passed", observed=observed)
    if not handed_off:
        return Verdict("failed", f"no handoff (state: {state})", observed)
    wanted = expectation.handoff
    if not isinstance(wanted, bool) and not same_text(wanted.reason, reason or ""):
        return Verdict("failed", f"handed off for {reason!r}, expected {wanted.reason!r}", observed)
    return Verdict("passed", observed=observed)


def _no_ungrounded(expectation: NoUngroundedFigures, context: CheckContext) -> Verdict:
    found = {f"turn {turn.index}": turn.ungrounded for turn in context.turns if turn.ungrounded}
    if not found:
        return Verdict("passed")
    listed = "; ".join(f"{where}: {', '.join(figures)}" for where, figures in found.items())
    return Verdict("failed", f"ungrounded figures: {listed}", found)


def _latency(expectation: LatencyAtMost, context: CheckContext) -> Verdict:
    slowest = max((turn.latency_ms for turn in context.turns), default=0.0)
    observed = round(slowest, 1)
    if slowest <= expectation.latency_ms_at_most:
        return Verdict("passed", observed=observed)
    return Verdict("failed", f"took {observed} ms", observed)


def _rubric(expectation: Rubric, context: CheckContext) -> Verdict:
    if context.judge is None:
        return Verdict("skipped", "no judge model configured (eval run --judge openai:<model>)")
    verdict = context.judge.grade(expectation.rubric, format_transcript(context.history))
    return Verdict("passed" if verdict.passed else "failed", verdict.reason, context.judge.name)


def _last(replies: list[str]) -> str | None:
    return replies[-1] if replies else None


_Checker = Callable[[Any, CheckContext], Verdict]
_TURN_CHECKS: dict[type[Expectation], _Checker] = {
    ToolCalled: _tool_called,
    ToolNotCalled: _tool_not_called,
    ReplyContains: _reply_contains,
    ReplyContainsAny: _reply_contains_any,
    ReplyNotContains: _reply_not_contains,
    ReplyMatches: _reply_matches,
    ReplyLanguage: _reply_language,
    Cites: _cites,
    Handoff: _handoff,
    NoUngroundedFigures: _no_ungrounded,
    LatencyAtMost: _latency,
    Rubric: _rubric,
}
