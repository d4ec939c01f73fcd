"""What the engine does next: call tools, or answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """A tool call to emit."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Step:
    """Either tool calls (the loop runs them and asks again) or the final reply.

    `resolved` is False when the turn did not help (nothing found, a question back that the
    shopper cannot act on); several unresolved turns in a row hand the conversation to a person.
    """

    calls: tuple[Call, ...] = ()
    reply: str = ""
    confidence: float = 1.0
    resolved: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def call(name: str, **args: Any) -> Step:
    """A step with one tool call (arguments left out when None)."""
    return Step(calls=(Call(name, {k: v for k, v in args.items() if v is not None}),))


def answer(text: str, *, confidence: float = 1.0, resolved: bool = True) -> Step:
    """A final reply."""
    return Step(reply=text, confidence=confidence, resolved=resolved)
