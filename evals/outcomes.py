"""What running a scenario produced: per-assertion outcomes, turns, and trial results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.agent.turn import TurnResult

OutcomeStatus = Literal["passed", "failed", "skipped"]
TrialStatus = Literal["passed", "failed", "error"]


class AssertionOutcome(BaseModel):
    """One expectation checked: where it was written, what was expected, what was seen."""

    kind: str
    scope: Literal["turn", "end"]
    turn: int | None = Field(default=None, description="1-based turn number; None at the end.")
    line: int | None = Field(default=None, description="Line of the expectation in the suite.")
    status: OutcomeStatus
    expected: Any = None
    observed: Any = None
    message: str = ""

    @property
    def where(self) -> str:
        """'turn 2' or 'end', for reports."""
        return f"turn {self.turn}" if self.scope == "turn" else "end"


class TurnRecord(BaseModel):
    """One shopper message, the assistant's full answer and the checks on it."""

    index: int = Field(description="1-based.")
    user: str
    result: TurnResult
    latency_ms: float
    ungrounded: list[str] = Field(
        default_factory=list, description="Figures in the reply that no evidence of the turn gave."
    )
    outcomes: list[AssertionOutcome] = Field(default_factory=list)


class TrialResult(BaseModel):
    """One run of one scenario from a fresh store state."""

    suite: str
    scenario_id: str
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    line: int | None = None
    trial: int = Field(description="1-based trial number within --repeat.")
    status: TrialStatus
    turns: list[TurnRecord] = Field(default_factory=list)
    end: list[AssertionOutcome] = Field(default_factory=list)
    error: str | None = None
    duration_ms: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        """(suite, scenario id): what identifies the scenario across runs."""
        return (self.suite, self.scenario_id)

    @property
    def passed(self) -> bool:
        """Whether every assertion held and nothing raised."""
        return self.status == "passed"

    def outcomes(self) -> Iterator[AssertionOutcome]:
        """Every outcome of the trial, turns first, then the end."""
        for turn in self.turns:
            yield from turn.outcomes
        yield from self.end

    def failures(self) -> list[AssertionOutcome]:
        """The outcomes that failed."""
        return [outcome for outcome in self.outcomes() if outcome.status == "failed"]
