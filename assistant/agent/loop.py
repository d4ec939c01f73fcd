"""The one agent loop: LangChain `create_agent` over the tools, whichever brain drives it.

A turn: record the shopper's message (committed first, so nothing they wrote is lost), stay
silent if a person holds the conversation, otherwise run the graph within the turn's limits,
check the reply against the turn's evidence, hand off where needed, and persist everything.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.tools import BaseTool
from langgraph.graph.state import CompiledStateGraph

from assistant.agent.graph_output import (
    citations,
    confidence,
    final_ai_message,
    token_usage,
    tool_calls,
    tool_traffic,
)
from assistant.agent.grounding import find_ungrounded, strip_ungrounded_sentences
from assistant.agent.handoff_tool import build_request_human_tool
from assistant.agent.memory import context_message, last_product
from assistant.agent.opening import ContextProvider as ContextProvider
from assistant.agent.opening import TurnContext as TurnContext
from assistant.agent.opening import open_turn
from assistant.agent.phrases import detect_language, phrase
from assistant.agent.turn import HandoffInfo, ToolCallRecord, TurnResult
from assistant.agent.turn_events import EventSink as EventSink
from assistant.agent.turn_events import TurnEvent as TurnEvent
from assistant.agent.turn_events import emit_result, emit_tools
from assistant.agent.turn_guard import TurnGuard
from assistant.config import Settings
from assistant.conversations import NewMessage, append_messages, request_handoff
from assistant.db import Database
from assistant.domain import Conversation
from assistant.errors import InvalidInputError
from prompts import Prompt, load_prompt

UNRESOLVED_TURNS_BEFORE_HANDOFF = 3


@dataclass
class _Run:
    messages: list[BaseMessage]
    failure: str | None = None
    # Milliseconds per stage ("open": recording the message and reading the context; "model",
    # "tools": graph nodes), for benchmarks and transcripts.
    timings: dict[str, float] = field(default_factory=dict)


class ChatAgent:
    """Runs shopper turns; one instance per process, safe to share between requests.

    The graph is built once. `tools` that act for the shopper read the turn's `TurnContext`
    from the run (see `TurnContext`); `request_human` is always added.
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
    ) -> None:
        self.settings = settings
        self.context_provider = context_provider
        self.database = database
        self.model = model
        self.tools = [*tools, build_request_human_tool()]
        self.model_name = model_name
        self.prompt = prompt or load_prompt("system")
        self.graph = self._build_graph()

    def _build_graph(self) -> CompiledStateGraph[Any, TurnContext, Any, Any]:
        guard = TurnGuard(
            self.prompt,
            max_model_calls=self.settings.turn_max_model_calls,
            max_tool_calls=self.settings.turn_max_tool_calls,
        )
        return create_agent(self.model, self.tools, middleware=[guard], context_schema=TurnContext)

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
        text = text.strip()
        if not text:
            raise InvalidInputError("the message is empty")
        if len(text) > self.settings.max_message_chars:
            raise InvalidInputError(
                f"messages are limited to {self.settings.max_message_chars} characters"
            )
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
        if opening.state in ("waiting", "human"):
            silent = TurnResult(
                conversation_id=opening.context.conversation_id,
                reply="",
                language=language,
                handoff=HandoffInfo(state=opening.state),
                model=self.model_name,
                prompt_version=self.prompt.version,
                latency_ms=(time.perf_counter() - started) * 1000,
            )
            await emit_result(on_event, silent)
            return silent

        context = opening.context
        messages = [*opening.history, context_message(opening.note), HumanMessage(content=text)]
        opened = time.perf_counter()
        run = await self._run_graph(context, messages, on_event)
        run.timings["open"] = (opened - started) * 1000
        evidence = [json.dumps(opening.note, default=str)]
        result = await asyncio.to_thread(
            self._finish, context, text, run, started, evidence=evidence
        )
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
        except TimeoutError:
            return _Run(produced, failure="timeout", timings=timings)
        except Exception as exc:  # any model or tool failure ends the turn politely
            name = type(exc).__name__
            failure = "limit_reached" if "LimitExceeded" in name else "provider_error"
            return _Run(produced, failure=failure, timings=timings)
        return _Run(produced, timings=timings)

    def _finish(
        self,
        context: TurnContext,
        text: str,
        run: _Run,
        started: float,
        *,
        evidence: list[str],
    ) -> TurnResult:
        calls = tool_calls(run.messages)
        final = final_ai_message(run.messages)
        evidence = [*evidence, *(json.dumps(call.result, default=str) for call in calls)]
        cited = citations(calls)
        sure = confidence(final, calls)
        handoff_reason = _requested_handoff(calls) or _failure_reason(run.failure)
        reply = final.text if final is not None and run.failure is None else ""
        violations = find_ungrounded(reply, evidence, text) if reply else []
        if violations:
            reply = strip_ungrounded_sentences(reply, violations)
        if not reply and handoff_reason is None:
            handoff_reason = "no_answer"
        if handoff_reason is not None:
            reply = _with_handoff_notice(reply, context.language)

        finishing = time.perf_counter()
        tokens_in, tokens_out = token_usage(run.messages, text, reply)
        with self.database.transaction() as session:
            conversation = session.get(Conversation, context.conversation_id)
            assert conversation is not None
            memory = dict(conversation.context)
            unresolved = final is not None and final.response_metadata.get("resolved") is False
            streak = int(memory.get("unresolved_streak", 0)) + 1 if unresolved else 0
            if streak >= UNRESOLVED_TURNS_BEFORE_HANDOFF and handoff_reason is None:
                handoff_reason = "repeated_failure"
                reply = _with_handoff_notice(reply, context.language)
            conversation.context = {
                **memory,
                "last_product": last_product(
                    calls, memory.get("last_product"), _said(final, "options")
                ),
                "unresolved_streak": 0 if handoff_reason else streak,
                # An action waiting on the shopper's answer ("which colour?"), or None.
                "pending": _said(final, "pending"),
                "last_intent": _said(final, "intent"),
            }
            append_messages(
                session,
                conversation,
                [
                    *tool_traffic(run.messages),
                    NewMessage(
                        role="assistant",
                        content=reply,
                        citations=[c.model_dump() for c in cited],
                        model=self.model_name,
                        prompt_version=self.prompt.version,
                        latency_ms=round((finishing - started) * 1000),
                        timings={
                            "grounding_violations": [v.figure for v in violations],
                            "failure": run.failure,
                            "confidence": sure,
                        },
                        tokens_in=tokens_in,
                        tokens_out=tokens_out,
                    ),
                ],
            )
            if handoff_reason is not None:
                request_handoff(
                    session,
                    conversation,
                    reason=handoff_reason,
                    confidence=sure,
                    summary=_summary_for_agent(text, calls),
                )
            state = conversation.state
        finished = time.perf_counter()
        latency_ms = (finished - started) * 1000
        timings = {
            **{key: round(value, 2) for key, value in run.timings.items()},
            "persist": round((finished - finishing) * 1000, 2),
        }
        return TurnResult(
            conversation_id=context.conversation_id,
            reply=reply,
            language=context.language,
            tool_calls=calls,
            citations=cited,
            confidence=sure,
            handoff=HandoffInfo(state=state, reason=handoff_reason),
            grounding_violations=[v.figure for v in violations],
            model=self.model_name,
            prompt_version=self.prompt.version,
            latency_ms=latency_ms,
            timings=timings,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
        )


def _said(final: AIMessage | None, key: str) -> Any:
    """What the model reported about its reply (the offline engine reports intent and state)."""
    return final.response_metadata.get(key) if final is not None else None


def _requested_handoff(calls: Sequence[ToolCallRecord]) -> str | None:
    for call in calls:
        if call.name == "request_human":
            return str(call.arguments.get("reason") or "other")
    return None


def _failure_reason(failure: str | None) -> str | None:
    return {"timeout": "limit_reached", "limit_reached": "limit_reached"}.get(
        failure or "", "provider_error" if failure else None
    )


def _with_handoff_notice(reply: str, language: str) -> str:
    notice = phrase("handoff_notice", language)
    return f"{reply}\n\n{notice}".strip() if reply else notice


def _summary_for_agent(text: str, calls: Sequence[ToolCallRecord]) -> str:
    used = sorted({call.name for call in calls if call.name != "request_human"})
    summary = f"Last message: {' '.join(text.split())[:300]}"
    return summary + (f" (tools used: {', '.join(used)})" if used else "")
