"""Carrying out two cart actions of one message, in the order the shopper wrote them.

Each clause is planned on its own, seeing only the tool calls it made itself: the turn's calls
are replayed clause by clause (the planner is deterministic), so the first clause's calls are
the prefix it asks for again, and the second clause starts after them. The replies of the
clauses are joined into one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.agent.offline.planner import plan
from assistant.agent.offline.steps import Step, answer
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding


def plan_clauses(
    clauses: Sequence[str], state: TurnState, read: Callable[[str], Understanding]
) -> Step:
    """The next step of a message made of several actions: a clause's next calls, or the
    joined replies once every clause has answered."""
    used = 0
    replies: list[str] = []
    confidence = 1.0
    resolved = True
    for clause in clauses:
        understanding = read(clause)
        taken = 0
        while True:
            own = state.done[used : used + taken]
            step = plan(understanding, replace(state, text=clause, done=own))
            if not step.calls:
                break
            ahead = state.done[used + taken : used + taken + len(step.calls)]
            if [c.name for c in ahead] != [c.name for c in step.calls]:
                return step  # this clause's next calls have not run yet
            taken += len(step.calls)
        used += taken
        if step.reply:
            replies.append(step.reply)
        confidence = min(confidence, step.confidence)
        resolved = resolved and step.resolved
    return answer("\n\n".join(replies), confidence=confidence, resolved=resolved)
