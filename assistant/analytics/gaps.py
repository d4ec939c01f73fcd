"""Knowledge gaps grouped by meaning, so the merchant sees which FAQ to write next.

Questions are embedded with the multilingual sentence encoder the project ships
(`use-multilingual-v3`: English and Chinese in one space, fast on a CPU; nothing is fetched).
Grouping is greedy and deterministic: most asked first, a question joins the existing group
whose first question it is most similar to when the cosine reaches the threshold, otherwise it
starts a group. A group's label is its member closest to the group's mean vector.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.analytics.period import Period
from assistant.analytics.schemas import GapExample, GapGroup, KnowledgeGaps
from assistant.domain import KnowledgeGap
from retrieval.embeddings.base import USE_MULTILINGUAL, local_embedder

SIMILAR_AT = 0.55  # measured on paraphrases with the multilingual encoder (README)
MAX_DISTINCT_QUESTIONS = 1000  # the most recent distinct questions are grouped
MAX_EXAMPLES = 5
MAX_GROUPS = 50


class QuestionEncoder(Protocol):
    """What grouping needs: one unit-length vector per text."""

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One normalised row per text."""
        ...


@dataclass
class _Asked:
    """One distinct question (case and spacing folded): how often it was asked, by kind, and
    its most recent asking (the group's example of it)."""

    text: str
    example: GapExample
    count: int = 0
    kinds: Counter[str] = field(default_factory=Counter)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def distinct_questions(session: Session, period: Period) -> tuple[int, list[_Asked]]:
    """How many gap questions the period has, and the distinct ones (most recent first)."""
    rows = session.execute(
        select(KnowledgeGap.question, KnowledgeGap.kind, KnowledgeGap.conversation_id)
        .where(
            KnowledgeGap.store_id == period.store_id,
            KnowledgeGap.created_at >= period.start,
            KnowledgeGap.created_at < period.end,
        )
        .order_by(KnowledgeGap.created_at.desc(), KnowledgeGap.id.desc())
    )
    total = 0
    asked: dict[str, _Asked] = {}
    for question, kind, conversation_id in rows:
        total += 1
        key = _fold(question)
        entry = asked.get(key)
        if entry is None:
            if len(asked) >= MAX_DISTINCT_QUESTIONS:
                continue
            example = GapExample(question=question, kind=kind, conversation_id=conversation_id)
            entry = asked[key] = _Asked(question, example)
        entry.count += 1
        entry.kinds[kind] += 1
    return total, list(asked.values())


def group_questions(
    asked: Sequence[_Asked], encoder: QuestionEncoder, similar_at: float = SIMILAR_AT
) -> list[GapGroup]:
    """Groups of questions that mean about the same thing, the most asked first."""
    if not asked:
        return []
    ordered = sorted(asked, key=lambda item: (-item.count, item.text))
    vectors = encoder.embed_documents([item.text for item in ordered])
    leaders: list[int] = []
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(ordered)):
        if leaders:
            scores = vectors[leaders] @ vectors[index]
            best = int(np.argmax(scores))
            if float(scores[best]) >= similar_at:
                members[leaders[best]].append(index)
                continue
        leaders.append(index)
        members[index].append(index)
    groups = [
        _group([ordered[i] for i in members[lead]], vectors[members[lead]]) for lead in leaders
    ]
    groups.sort(key=lambda group: (-group.count, group.label))
    return groups[:MAX_GROUPS]


def _group(items: Sequence[_Asked], vectors: NDArray[np.float32]) -> GapGroup:
    centre = vectors.mean(axis=0)
    typical = items[int(np.argmax(vectors @ centre))]
    kinds: Counter[str] = Counter()
    for item in items:
        kinds.update(item.kinds)
    return GapGroup(
        label=typical.text,
        count=sum(item.count for item in items),
        kinds=dict(sorted(kinds.items())),
        examples=[item.example for item in items[:MAX_EXAMPLES]],
    )


def knowledge_gaps(session: Session, period: Period, encoder: QuestionEncoder) -> KnowledgeGaps:
    """The period's knowledge gaps, grouped by meaning."""
    total, asked = distinct_questions(session, period)
    return KnowledgeGaps(
        store_id=period.store_id,
        first_day=period.first_day,
        last_day=period.last_day,
        questions=total,
        groups=group_questions(asked, encoder),
    )


def gap_encoder() -> QuestionEncoder:
    """The packaged multilingual encoder, loaded once per process."""
    return local_embedder(USE_MULTILINGUAL)
