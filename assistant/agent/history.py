"""What of the past a model sees: recent turns within a token budget, older ones summarised."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.domain import Message

SUMMARY_ITEM_CHARS = 160


def to_chat_messages(
    messages: Sequence[Message],
    *,
    budget: int,
    count_tokens: Callable[[str], int],
) -> list[BaseMessage]:
    """Shopper and assistant (or staff) messages, newest kept whole while they fit `budget`.

    Tool traffic of past turns is not replayed: its facts may be stale, and the model asks the
    tools again. Turns that do not fit are not dropped silently: they become one summary line
    each ("the shopper asked ..."), so the model knows what was discussed.
    """
    spoken = [m for m in messages if m.role in ("user", "assistant", "agent") and m.content]
    kept: list[BaseMessage] = []
    used = 0
    cut = 0
    for index in range(len(spoken) - 1, -1, -1):
        message = spoken[index]
        cost = count_tokens(message.content) + 4
        if used + cost > budget:
            cut = index + 1
            break
        kept.append(_as_chat_message(message))
        used += cost
    kept.reverse()
    older = spoken[:cut]
    if not older:
        return kept
    # The digest quotes the shopper, so it travels with the shopper's role, never the system's.
    return [HumanMessage(content=summarise(older), name="summary"), *kept]


def summarise(messages: Sequence[Message]) -> str:
    """A deterministic digest of older turns: what the shopper asked and what they were told."""
    lines = ["Earlier in this conversation (summarised):"]
    for message in messages:
        who = {"user": "Shopper", "agent": "Staff"}.get(message.role, "Assistant")
        text = " ".join(message.content.split())
        if len(text) > SUMMARY_ITEM_CHARS:
            text = text[: SUMMARY_ITEM_CHARS - 1] + "…"
        lines.append(f"- {who}: {text}")
    return "\n".join(lines)


def _as_chat_message(message: Message) -> BaseMessage:
    if message.role == "user":
        return HumanMessage(content=message.content)
    if message.role == "agent":
        return AIMessage(content=message.content, name="staff")
    return AIMessage(content=message.content)
