"""What a document's text is made of: rules, questions, size tables and product words.

The words come from `content_words.yaml` (English and Chinese); this module only counts. A
rule is a sentence with an obligation, a permission, a refusal or a time limit in it ("must",
"within 30 days", "不予退换", "7天内"); a limit is a figure with a period, an amount or a
share. A table row is a line of two or more cells (Markdown pipes, tabs, or columns aligned
with spaces) with a figure in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from text.sentences import plain, split_sentences

_NUMBER = r"(?:\d+(?:[.,]\d+)?|[一二两三四五六七八九十百]+)"
_RANGE = rf"{_NUMBER}(?:\s*(?:-|–|to|至|~)\s*{_NUMBER})?"
_CELL_BREAK = re.compile(r"\t| {2,}")
_RULE_ROW = re.compile(r"^[\s|:\-]+$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of `content_words.yaml`, compiled for matching."""

    rule: re.Pattern[str]
    limit: re.Pattern[str]
    policy_topic: re.Pattern[str]
    question_start: tuple[str, ...]
    answer_start: tuple[str, ...]
    question_end: tuple[str, ...]
    size: re.Pattern[str]
    product: re.Pattern[str]
    product_figure: re.Pattern[str]
    name_hints: dict[str, tuple[str, ...]]


def _alternatives(words: Iterable[str]) -> str:
    ordered = sorted({word.lower() for word in words}, key=len, reverse=True)
    return "|".join(re.escape(word) for word in ordered)


def _words(entry: dict[str, list[str]]) -> re.Pattern[str]:
    """English entries as whole words or phrases, Chinese entries anywhere."""
    english = _alternatives(entry.get("english", []))
    chinese = _alternatives(entry.get("chinese", []))
    parts = [rf"(?<![a-z0-9])(?:{english})(?![a-z0-9])"] if english else []
    if chinese:
        parts.append(f"(?:{chinese})")
    return re.compile("|".join(parts))


def _figures(units: dict[str, list[str]], *, before: Sequence[str] = ()) -> str:
    english = _alternatives(units.get("english", []))
    chinese = _alternatives(units.get("chinese", []))
    after = rf"{_RANGE}\s*(?:(?:{english})(?![a-z])|{chinese})"
    if before:
        return rf"(?:{_alternatives(before)})\s?{_NUMBER}|{after}"
    return after


@cache
def vocabulary() -> Vocabulary:
    """The shipped word lists (read once)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("retrieval").joinpath("content_words.yaml").read_text(encoding="utf-8")
    )
    money = raw["money"]
    limit = "|".join((_figures(raw["period"]), _figures(money, before=money.get("before", []))))
    return Vocabulary(
        rule=_words(raw["rule"]),
        limit=re.compile(limit),
        policy_topic=_words(raw["policy_topic"]),
        question_start=tuple(_flatten(raw["question_start"])),
        answer_start=tuple(_flatten(raw["answer_start"])),
        question_end=tuple(raw["question_end"]),
        size=_words(raw["size"]),
        product=_words(raw["product"]),
        product_figure=re.compile(_figures(raw["product_unit"])),
        name_hints={kind: tuple(words) for kind, words in raw["name_hint"].items()},
    )


def _flatten(entry: dict[str, list[str]]) -> list[str]:
    return [word.lower() for words in entry.values() for word in words]


@dataclass(frozen=True)
class ContentFeatures:
    """Counts over one document's text."""

    lines: int
    questions: int
    answered_questions: int
    rules: int
    rules_with_limits: int
    policy_topics: tuple[str, ...]
    table_rows: int
    size_labels: tuple[str, ...]
    product_words: tuple[str, ...]
    product_figures: int

    @property
    def question_share(self) -> float:
        """Questions as a share of the document's lines."""
        return self.questions / self.lines if self.lines else 0.0


def table_cells(line: str) -> list[str]:
    """The cells of a table row (pipes, tabs or aligned columns); [] for prose or a rule line."""
    stripped = line.strip()
    if not stripped or _RULE_ROW.match(stripped):
        return []
    if "|" in stripped:
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
    else:
        cells = [cell.strip() for cell in _CELL_BREAK.split(stripped)]
    cells = [cell for cell in cells if cell]
    return cells if len(cells) >= 2 else []


def is_question(line: str, words: Vocabulary) -> bool:
    """A line that asks: ends in a question mark (or 吗), or opens with 'Q:' / '问：'."""
    text = plain(line).lower()
    return bool(text) and (
        text.endswith(words.question_end) or text.startswith(words.question_start)
    )


def _distinct(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The different words found, the most frequent first."""
    counts = Counter(match.group(0) for match in pattern.finditer(text))
    return tuple(
        word for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def measure(text: str) -> ContentFeatures:
    """Count rules, questions, table rows and product words in a document's text."""
    words = vocabulary()
    lines = [line for line in text.splitlines() if plain(line)]
    lowered = [line.lower() for line in lines]
    asks = [is_question(line, words) for line in lines]
    answered = sum(
        1 for index, ask in enumerate(asks) if ask and index + 1 < len(asks) and not asks[index + 1]
    )
    rows = [(line, table_cells(line)) for line in lowered]
    table_lines = [line for line, cells in rows if cells]
    figure_rows = sum(1 for _line, cells in rows if any(_DIGIT.search(cell) for cell in cells))
    prose = [line for line, cells in rows if not cells]
    sentences = [plain(s) for line in prose for s in split_sentences(line)]
    rules = [s for s in sentences if words.rule.search(s)]
    body = "\n".join(lowered)
    prose_text = "\n".join(prose)
    return ContentFeatures(
        lines=len(lines),
        questions=sum(asks),
        answered_questions=answered,
        rules=len(rules),
        rules_with_limits=sum(1 for s in rules if words.limit.search(s)),
        policy_topics=_distinct(words.policy_topic, body),
        table_rows=figure_rows,
        size_labels=_distinct(words.size, "\n".join(table_lines)),
        product_words=_distinct(words.product, prose_text),
        product_figures=len(words.product_figure.findall(prose_text)),
    )
