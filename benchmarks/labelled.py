"""The labelled question set and how a hit is judged relevant to a question."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from retrieval.results import Hit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT / "evals" / "retrieval" / "questions.yaml"
UNANSWERABLE_QUESTIONS = Path(__file__).resolve().parent / "unanswerable.yaml"


@dataclass(frozen=True)
class Question:
    """A shopper question and every passage that answers it."""

    id: str
    lang: str
    question: str
    relevant: tuple[dict[str, str], ...]


def load_questions(path: Path | None = None) -> list[Question]:
    """Questions from a YAML list of {id, lang, question, relevant}."""
    data: list[dict[str, Any]] = yaml.safe_load((path or DEFAULT_QUESTIONS).read_text("utf-8"))
    return [
        Question(
            id=str(item["id"]),
            lang=str(item.get("lang", "en")),
            question=str(item["question"]),
            relevant=tuple(dict(entry) for entry in item.get("relevant") or []),
        )
        for item in data
    ]


def is_relevant(hit: Hit, question: Question) -> bool:
    """A hit answers the question when it matches any of its relevant entries."""
    for entry in question.relevant:
        if "product" in entry:
            if hit.meta.get("product_handle") == entry["product"]:
                return True
            continue
        if hit.citation.source != entry.get("source"):
            continue
        if "section" not in entry or hit.citation.section == entry["section"]:
            return True
    return False


def first_relevant_rank(hits: list[Hit], question: Question) -> int | None:
    """1-based rank of the first relevant hit, or None."""
    for rank, hit in enumerate(hits, start=1):
        if is_relevant(hit, question):
            return rank
    return None
