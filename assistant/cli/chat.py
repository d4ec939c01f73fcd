"""`sales-assistant chat`: talk to the assistant from a terminal, or script a conversation."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.context import console, database, settings
from assistant.cli.ingest import bench_app, knowledge

if TYPE_CHECKING:
    from assistant.agent.loop import ChatAgent
    from assistant.agent.turn import TurnResult


def _start(store: str, customer: str | None) -> tuple[ChatAgent, str, int | None]:
    from sqlalchemy import select

    from assistant.agent.factory import build_agent
    from assistant.domain import Customer, ShopperSession
    from assistant.domain.base import utcnow
    from assistant.errors import NotFoundError
    from assistant.stores import get_store

    db = database()
    with db.transaction() as session:
        get_store(session, store)
        customer_id = None
        if customer is not None:
            row = session.scalar(
                select(Customer).where(Customer.store_id == store, Customer.external_id == customer)
            )
            if row is None:
                raise NotFoundError(f"no customer {customer!r} in store {store!r}")
            customer_id = row.id
        shopper = ShopperSession(
            store_id=store, customer_id=customer_id, expires_at=utcnow() + timedelta(hours=12)
        )
        session.add(shopper)
        session.flush()
        session_id = shopper.id
    return build_agent(settings(), db, knowledge()), session_id, customer_id


def _turn_json(text: str, result: TurnResult) -> dict[str, object]:
    return {
        "user": text,
        "reply": result.reply,
        "language": result.language,
        "tool_calls": [call.model_dump(mode="json") for call in result.tool_calls],
        "citations": [citation.model_dump(mode="json") for citation in result.citations],
        "confidence": result.confidence,
        "handoff": result.handoff.model_dump(mode="json"),
        "grounding_violations": result.grounding_violations,
        "latency_ms": round(result.latency_ms, 1),
    }


def chat(
    store: Annotated[str, typer.Option(help="Store id, e.g. demo.")],
    message: Annotated[
        list[str] | None,
        typer.Option("--message", "-m", help="A shopper message; repeat for a conversation."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the transcript as JSON.")] = False,
    customer: Annotated[
        str | None, typer.Option(help="Chat as this identified customer (external id).")
    ] = None,
) -> None:
    """Chat with the assistant: interactive, or scripted with -m and printed with --json."""
    import asyncio

    agent, session_id, customer_id = _start(store, customer)

    def send(text: str) -> TurnResult:
        return asyncio.run(agent.run_turn(store, session_id, text, customer_id=customer_id))

    if message:
        turns = [(text, send(text)) for text in message]
        if as_json:
            console.print_json(
                json.dumps({"store": store, "turns": [_turn_json(*t) for t in turns]})
            )
        else:
            for text, result in turns:
                _show(text, result)
        return
    console.print(f"Chatting with store [bold]{store}[/bold]. Empty line or Ctrl+D to stop.")
    while True:
        try:
            text = console.input("[bold cyan]you>[/bold cyan] ").strip()
        except EOFError:
            break
        if not text:
            break
        _show(None, send(text))


def _show(text: str | None, result: TurnResult) -> None:
    from rich.panel import Panel

    if text is not None:
        console.print(f"[bold cyan]you>[/bold cyan] {text}")
    tools = ", ".join(call.name for call in result.tool_calls) or "none"
    footer = f"tools: {tools}"
    if result.confidence is not None:
        footer += f" · confidence {result.confidence:.2f}"
    if result.handoff.state != "bot":
        footer += f" · handoff: {result.handoff.state} ({result.handoff.reason})"
    console.print(Panel(result.reply or "(waiting for a person)", subtitle=footer))


def bench_chat(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = True,
    concurrency: Annotated[
        str, typer.Option(help="Comma-separated numbers of concurrent conversations.")
    ] = "1,16",
    rounds: Annotated[int, typer.Option(min=1, max=20, help="Repetitions per level.")] = 3,
    think_ms: Annotated[
        float,
        typer.Option(
            min=0,
            max=60_000,
            help="Mean pause of a shopper between messages; 0 sends the next at once.",
        ),
    ] = 0.0,
) -> None:
    """Latency p50/p95 and turns per second of full chat turns on the offline engine."""
    from benchmarks.chat import run_chat_benchmark

    levels = [int(level) for level in concurrency.split(",") if level.strip()]
    report = run_chat_benchmark(levels, rounds, think_ms)
    typer.echo(json.dumps(report, indent=None if as_json else 2))


def register(app: typer.Typer) -> None:
    """Add `chat` to the root app and `bench chat` to the benchmarks."""
    app.command()(chat)
    bench_app.command("chat")(bench_chat)
