"""The one agent loop: LangChain `create_agent` over the tools, whichever brain drives it.

A turn: record the shopper's message (committed first, so nothing they wrote is lost), stay
silent if a person holds the conversation, refuse in code a message that tries to override the
assistant, otherwise run the graph within the turn's limits with the guards around every tool,
check the reply against the turn's evidence, update the conversation's memory, hand off where
needed, and persist everything. Nothing here depends on which brain runs (`contract.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError
from langchain.agents.middleware.tool_call_limit import ToolCallLimitExceededError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.tools import BaseTool
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy.orm import Session

from assistant.agent.add_on_moment import (
    AddOnFinder,
    add_on_moment,
    add_on_record,
    add_on_sentence,
)
from assistant.agent.contract import (
    TOOL_ERROR_CODE,
    BrainInput,
    BrainReport,
    Memory,
    render_note,
)
from assistant.agent.graph_output import (
    citations,
    final_ai_message,
    raised,
    retrieval_confidence,
    token_usage,
    tool_calls,
    tool_traffic,
)
from assistant.agent.guards.grounding import find_ungrounded, strip_ungrounded_sentences
from assistant.agent.guards.input import InjectionGuard, InputVerdict
from assistant.agent.guards.limits import TurnGuard
from assistant.agent.guards.passages import LinkPolicy, PassageGuard, clean_reply
from assistant.agent.guards.streak import (
    UNHELPFUL_TURNS_BEFORE_HANDOFF,
    next_streak,
    turn_was_unhelpful,
)
from assistant.agent.guards.tool_errors import ToolErrorGuard
from assistant.agent.handoff_tool import build_request_human_tool
from assistant.agent.memory import context_message, last_list, last_product
from assistant.agent.opening import ContextProvider as ContextProvider
from assistant.agent.opening import TurnContext as TurnContext
from assistant.agent.opening import open_turn
from assistant.agent.phrases import detect_language, phrase
from assistant.agent.turn import HandoffInfo, ToolCallRecord, TurnResult
from assistant.agent.turn_events import EventSink as EventSink
from assistant.agent.turn_events import TurnEvent as TurnEvent
from assistant.agent.turn_events import emit_result, emit_tools
from assistant.analytics.recording import carted_products, gap_kind, record_gap, record_products
from assistant.config import Settings
from assistant.conversations import NewMessage, append_messages, request_handoff
from assistant.db import Database
from assistant.domain import Conversation
from assistant.domain.handoff_reasons import HandoffReason
from assistant.shopper_message import checked_message
from prompts import Prompt, load_prompt

log = logging.getLogger("assistant.agent")

_LIMIT_ERRORS = (TimeoutError, ModelCallLimitExceededError, ToolCallLimitExceededError)


@dataclass
class _Run:
    messages: list[BaseMessage]
    failure: HandoffReason | None = None
    # Milliseconds per stage ("open": recording the message and reading the context; "model",
    # "tools": graph nodes), for benchmarks and transcripts.
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Outcome:
    """What the turn says and does, ready to be written down."""

    reply: str
    handoff: HandoffReason | None
    confidence: float | None
    memory: Memory
    stored: list[NewMessage]
    summary: str


class ChatAgent:
    """Runs shopper turns; one instance per process, safe to share between requests.

    The graph is built once. `tools` that act for the shopper read the turn's `TurnContext`
    from the run (see `TurnContext`); `request_human` is always added. `provider_errors` are the
    exceptions the brain's adapter raises when its service fails (a handoff as
    `provider_error`); anything else that escapes a turn is logged as a bug.
    """

    def __init__(
        self,
        settings: Settings,
        database: Database,
        model: BaseChatModel,
        tools: Sequence[BaseTool],
        *,
        model_name: str,
        prompt: Prompt | None = None,
        context_provider: ContextProvider | None = None,
        provider_errors: tuple[type[Exception], ...] = (),
        add_on: AddOnFinder | None = None,
    ) -> None:
        self.settings = settings
        self.context_provider = context_provider
        self.database = database
        self.model = model
        self.tools = [*tools, build_request_human_tool()]
        self.model_name = model_name
        self.prompt = prompt or load_prompt("system")
        self.provider_errors = provider_errors
        self.add_on = add_on
        self.input_guard = InjectionGuard()
        self.graph = self._build_graph()

    def _build_graph(self) -> CompiledStateGraph[Any, TurnContext, Any, Any]:
        limits = TurnGuard(
            self.prompt,
            max_model_calls=self.settings.turn_max_model_calls,
            max_tool_calls=self.settings.turn_max_tool_calls,
        )
        # Outermost first: the limit check runs before a tool, errors are caught around it, and
        # what a tool returns is cleaned before any brain reads it.
        middleware = [limits, ToolErrorGuard(), PassageGuard(self.settings.public_base_url)]
        return create_agent(
            self.model, self.tools, middleware=middleware, context_schema=TurnContext
        )

    async def run_turn(
        self,
        store_id: str,
        shopper_session_id: str,
        text: str,
        *,
        customer_id: int | None = None,
        on_event: EventSink | None = None,
    ) -> TurnResult:
        """Answer one shopper message; `on_event` receives progress for streaming clients.

        Cancelling the task (a client that went away) stops the model call; only the shopper's
        message, committed before the model runs, is kept for that turn.
        """
        text = checked_message(text, self.settings)
        started = time.perf_counter()
        language = detect_language(text)
        # Database work runs in a worker thread: waiting for SQLite's write lock must not stall
        # every other conversation on the event loop.
        opening = await asyncio.to_thread(
            open_turn,
            self.database,
            self.settings,
            self.context_provider,
            TurnContext(store_id, shopper_session_id, customer_id, "", language),
            text,
        )
        context = opening.context
        if opening.state in ("waiting", "human") or context.brain is None:
            silent = TurnResult(
                conversation_id=context.conversation_id,
                reply="",
                language=language,
                handoff=HandoffInfo(state=opening.state),
                model=self.model_name,
                prompt_version=self.prompt.version,
                latency_ms=(time.perf_counter() - started) * 1000,
            )
            await emit_result(on_event, silent)
            return silent

        verdict = self.input_guard.check(text)
        if verdict is not None:
            result = await asyncio.to_thread(self._refuse, context, text, verdict, started)
        else:
            messages = [*opening.history, context_message(context.brain), HumanMessage(text)]
            opened = time.perf_counter()
            run = await self._run_graph(context, messages, on_event)
            run.timings["open"] = (opened - started) * 1000
            result = await asyncio.to_thread(self._finish, context, text, run, started)
        await emit_result(on_event, result)
        return result

    async def _run_graph(
        self,
        context: TurnContext,
        messages: list[BaseMessage],
        on_event: EventSink | None,
    ) -> _Run:
        produced: list[BaseMessage] = []
        timings: dict[str, float] = {}
        mark = time.perf_counter()
        try:
            async with asyncio.timeout(self.settings.turn_timeout_s):
                payload: Any = {"messages": messages}
                stream = self.graph.astream(payload, stream_mode="updates", context=context)
                async for update in stream:
                    now = time.perf_counter()
                    for node in update:
                        key = "tools" if node == "tools" else "model"
                        timings[key] = timings.get(key, 0.0) + (now - mark) * 1000
                    mark = now
                    for node_output in update.values():
                        if not isinstance(node_output, dict):
                            continue
                        new = list(node_output.get("messages", []))
                        produced.extend(new)
                        if on_event is not None:
                            await emit_tools(on_event, produced, new)
        except _LIMIT_ERRORS as exc:
            log.warning(
                "turn stopped by its limits: %s",
                type(exc).__name__,
                extra={"conversation_id": context.conversation_id},
            )
            return _Run(produced, failure=HandoffReason.LIMIT_REACHED, timings=timings)
        except Exception as exc:
            if isinstance(exc, self.provider_errors):
                log.warning(
                    "model provider failed: %s",
                    type(exc).__name__,
                    extra={"conversation_id": context.conversation_id},
                )
                return _Run(produced, failure=HandoffReason.PROVIDER_ERROR, timings=timings)
            log.exception(
                "turn failed with an unexpected error",
                extra={"conversation_id": context.conversation_id},
            )
            return _Run(produced, failure=HandoffReason.INTERNAL_ERROR, timings=timings)
        return _Run(produced, timings=timings)

    def _finish(self, context: TurnContext, text: str, run: _Run, started: float) -> TurnResult:
        assert context.brain is not None
        brain = context.brain
        calls = tool_calls(run.messages)
        final = final_ai_message(run.messages)
        report = context.report.get() if run.failure is None else None
        evidence = [render_note(brain), *(json.dumps(call.result, default=str) for call in calls)]
        handoff = _requested_handoff(calls) or run.failure
        if handoff is None and raised(calls, TOOL_ERROR_CODE):
            handoff = HandoffReason.INTERNAL_ERROR
        reply = final.text if final is not None and run.failure is None else ""
        violations = find_ungrounded(reply, evidence, text) if reply else []
        if violations:
            reply = strip_ungrounded_sentences(reply, violations)
        links = LinkPolicy.for_store(brain.settings, self.settings.public_base_url)
        reply = clean_reply(reply, links)
        if reply:
            reply, calls = self._with_add_on(context, text, reply, calls, report, handoff)
        if not reply and handoff is None:
            handoff = HandoffReason.NO_ANSWER

        finishing = time.perf_counter()
        cited = citations(calls)
        with self.database.transaction() as session:
            conversation = session.get(Conversation, context.conversation_id)
            assert conversation is not None
            memory = Memory.model_validate(conversation.context or {})
            unhelpful = turn_was_unhelpful(
                report,
                calls,
                threshold=brain.settings.handoff_threshold,
                cut_by_grounding=bool(violations),
            )
            streak = next_streak(memory.unresolved_streak, unhelpful)
            if streak >= UNHELPFUL_TURNS_BEFORE_HANDOFF and handoff is None:
                handoff = HandoffReason.REPEATED_FAILURE
            if handoff is not None:
                reply = _with_handoff_notice(reply, context.language)
            outcome = _Outcome(
                reply=reply,
                handoff=handoff,
                confidence=_confidence(report, calls, handoff),
                memory=_remember(memory, calls, report, streak=0 if handoff else streak),
                stored=tool_traffic(run.messages),
                summary=_summary_for_agent(text, calls),
            )
            tokens_in, tokens_out = token_usage(run.messages, text, reply)
            state = self._record(
                session,
                conversation,
                outcome,
                latency_ms=round((finishing - started) * 1000),
                timings={
                    "grounding_violations": [v.figure for v in violations],
                    "failure": run.failure,
                    "confidence": outcome.confidence,
                },
                citations=[c.model_dump() for c in cited],
                tokens=(tokens_in, tokens_out),
            )
            _record_for_analytics(
                session, conversation, text, calls, outcome, brain, context.language
            )
        finished = time.perf_counter()
        timings = {
            **{key: round(value, 2) for key, value in run.timings.items()},
            "persist": round((finished - finishing) * 1000, 2),
        }
        return TurnResult(
            conversation_id=context.conversation_id,
            reply=outcome.reply,
            language=context.language,
            tool_calls=calls,
            citations=cited,
            confidence=outcome.confidence,
            handoff=HandoffInfo(state=state, reason=handoff),
            grounding_violations=[v.figure for v in violations],
            model=self.model_name,
            prompt_version=self.prompt.version,
            latency_ms=(finished - started) * 1000,
            timings=timings,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
        )

    def _with_add_on(
        self,
        context: TurnContext,
        text: str,
        reply: str,
        calls: list[ToolCallRecord],
        report: BrainReport | None,
        handoff: HandoffReason | None,
    ) -> tuple[str, list[ToolCallRecord]]:
        """After an add to the cart (and not in a complaint or handoff): one suggestion."""
        sku = add_on_moment(text, calls, report, handoff)
        if sku is None or self.add_on is None:
            return reply, calls
        found = self.add_on(context, sku)
        if found is None:
            return reply, calls
        sentence = add_on_sentence(found, context.language)
        return f"{reply}\n\n{sentence}", [*calls, add_on_record(found, sku)]

    def _refuse(
        self, context: TurnContext, text: str, verdict: InputVerdict, started: float
    ) -> TurnResult:
        """Answer an attempt to override the assistant with a refusal written in code."""
        assert context.brain is not None
        limit = context.brain.settings.injection_handoff_after
        with self.database.transaction() as session:
            conversation = session.get(Conversation, context.conversation_id)
            assert conversation is not None
            memory = Memory.model_validate(conversation.context or {})
            attempts = memory.injection_attempts + 1
            handoff = HandoffReason.REPEATED_INJECTION if limit and attempts >= limit else None
            reply = verdict.refusal(context.language)
            if handoff is not None:
                reply = _with_handoff_notice(reply, context.language)
            tokens_in, tokens_out = token_usage([], text, reply)
            outcome = _Outcome(
                reply=reply,
                handoff=handoff,
                confidence=None,
                memory=memory.model_copy(update={"injection_attempts": attempts, "pending": None}),
                stored=[],
                summary=f"Attempts to override the assistant: {attempts}. "
                + _summary_for_agent(text, []),
            )
            state = self._record(
                session,
                conversation,
                outcome,
                latency_ms=round((time.perf_counter() - started) * 1000),
                timings={"input_guard": verdict.kind},
                citations=[],
                tokens=(tokens_in, tokens_out),
            )
        log.warning(
            "input guard refused a message",
            extra={
                "conversation_id": context.conversation_id,
                "guard": verdict.kind,
                "matched": verdict.matched,
                "attempts": attempts,
            },
        )
        return TurnResult(
            conversation_id=context.conversation_id,
            reply=reply,
            language=context.language,
            handoff=HandoffInfo(state=state, reason=handoff),
            input_guard=verdict.kind,
            model=self.model_name,
            prompt_version=self.prompt.version,
            latency_ms=(time.perf_counter() - started) * 1000,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
        )

    def _record(
        self,
        session: Session,
        conversation: Conversation,
        outcome: _Outcome,
        *,
        latency_ms: int,
        timings: dict[str, Any],
        citations: list[dict[str, Any]],
        tokens: tuple[int, int],
    ) -> str:
        """Write the turn's messages, memory and handoff; the conversation's new state."""
        conversation.context = outcome.memory.model_dump(mode="json", exclude_defaults=True)
        append_messages(
            session,
            conversation,
            [
                *outcome.stored,
                NewMessage(
                    role="assistant",
                    content=outcome.reply,
                    citations=citations,
                    model=self.model_name,
                    prompt_version=self.prompt.version,
                    latency_ms=latency_ms,
                    timings=timings,
                    tokens_in=tokens[0],
                    tokens_out=tokens[1],
                ),
            ],
        )
        if outcome.handoff is not None:
            request_handoff(
                session,
                conversation,
                reason=outcome.handoff,
                confidence=outcome.confidence,
                summary=outcome.summary,
            )
        return conversation.state


def _remember(
    memory: Memory,
    calls: Sequence[ToolCallRecord],
    report: BrainReport | None,
    *,
    streak: int,
) -> Memory:
    """The memory after this turn: the product it ended on and what the brain awaits."""
    chosen = report.options if report is not None else {}
    about = report.product if report is not None else None
    return memory.model_copy(
        update={
            "last_product": last_product(calls, memory.last_product, chosen, about),
            "last_list": last_list(calls, memory.last_list),
            "unresolved_streak": streak,
            "pending": report.pending if report is not None else None,
            "last_intent": report.intent if report is not None else None,
        }
    )


def _confidence(
    report: BrainReport | None,
    calls: Sequence[ToolCallRecord],
    handoff: HandoffReason | None,
) -> float | None:
    """The figure a person sees beside a handoff: retrieval's when retrieval was the doubt."""
    found = retrieval_confidence(calls)
    if handoff is HandoffReason.LOW_CONFIDENCE and found is not None:
        return found
    if report is not None and report.confidence is not None:
        return report.confidence
    return found


def _requested_handoff(calls: Sequence[ToolCallRecord]) -> HandoffReason | None:
    for call in calls:
        if call.name == "request_human":
            try:
                return HandoffReason(str(call.arguments.get("reason") or "other"))
            except ValueError:
                return HandoffReason.OTHER
    return None


def _with_handoff_notice(reply: str, language: str) -> str:
    notice = phrase("handoff_notice", language)
    return f"{reply}\n\n{notice}".strip() if reply else notice


def _summary_for_agent(text: str, calls: Sequence[ToolCallRecord]) -> str:
    used = sorted({call.name for call in calls if call.name != "request_human"})
    summary = f"Last message: {' '.join(text.split())[:300]}"
    return summary + (f" (tools used: {', '.join(used)})" if used else "")


def _record_for_analytics(
    session: Session,
    conversation: Conversation,
    text: str,
    calls: Sequence[ToolCallRecord],
    outcome: _Outcome,
    brain: BrainInput,
    language: str,
) -> None:
    """The products the turn put in the cart, and the question when it was a knowledge gap."""
    record_products(session, conversation.store_id, conversation.id, "cart", carted_products(calls))
    reason = str(outcome.handoff) if outcome.handoff is not None else None
    kind = gap_kind(
        calls,
        handoff=reason,
        confidence=outcome.confidence,
        threshold=brain.settings.handoff_threshold,
    )
    if kind is not None:
        record_gap(
            session,
            store_id=conversation.store_id,
            conversation_id=conversation.id,
            question=text,
            kind=kind,
            reason=reason,
            confidence=outcome.confidence,
            language=language,
        )
