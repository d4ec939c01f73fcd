"""FAQ files: CSV or JSON with question and answer fields, or Markdown with question headings."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from assistant.errors import IngestFormatError
from retrieval.parsers.base import FaqPair, RowError, raise_row_errors, title_from_name
from retrieval.parsers.json_locate import line_and_column, locate
from retrieval.parsers.markdown import body_text, find_headings

QUESTION_FIELDS = ("question", "q", "title")
ANSWER_FIELDS = ("answer", "a", "body")
TOPIC_FIELDS = ("topic", "category", "section")


def _pick(row: Mapping[str, Any], names: tuple[str, ...], mapping: Mapping[str, str]) -> Any:
    renamed = {mapping.get(key, key).strip().lower(): value for key, value in row.items() if key}
    for name in names:
        if name in renamed:
            return renamed[name]
    return None


def _pair(
    row: Mapping[str, Any], mapping: Mapping[str, str], file: str, line: int | None
) -> tuple[FaqPair | None, RowError | None]:
    question = _pick(row, QUESTION_FIELDS, mapping)
    answer = _pick(row, ANSWER_FIELDS, mapping)
    topic = _pick(row, TOPIC_FIELDS, mapping)
    for value, column in ((question, "question"), (answer, "answer")):
        if not isinstance(value, str) or not value.strip():
            return None, RowError(file, line, column, f"a non-empty {column} is required")
    return FaqPair(
        question=str(question).strip(),
        answer=str(answer).strip(),
        topic=str(topic).strip() if isinstance(topic, str) and topic.strip() else None,
    ), None


def parse_faq_csv(
    file: str, text: str, mapping: Mapping[str, str], *, skip_invalid: bool = False
) -> tuple[list[FaqPair], list[RowError]]:
    """One pair per row; header names are matched case-insensitively, after the mapping."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    pairs: list[FaqPair] = []
    errors: list[RowError] = []
    try:
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            pair, error = _pair(row, mapping, file, reader.line_num)
            if pair:
                pairs.append(pair)
            if error:
                errors.append(error)
    except csv.Error as exc:
        raise_row_errors([RowError(file, reader.line_num, None, f"not valid CSV: {exc}")])
    if errors and not skip_invalid:
        raise_row_errors(errors)
    return pairs, errors


def parse_faq_json(
    file: str, text: str, mapping: Mapping[str, str], *, skip_invalid: bool = False
) -> tuple[list[FaqPair], list[RowError]]:
    """A list of {question, answer} objects, or an object holding one under 'faqs'/'items'."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestFormatError(
            f"{file}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}",
            details={"file": file, "line": exc.lineno, "column": exc.colno},
        ) from None
    path: list[str | int] = []
    if isinstance(data, dict):
        for key in ("faqs", "faq", "items", "questions"):
            if isinstance(data.get(key), list):
                data, path = data[key], [key]
                break
    if not isinstance(data, list):
        raise IngestFormatError(
            f"{file}: expected a list of question/answer objects",
            details={"file": file, "line": 1, "column": 1},
        )
    pairs: list[FaqPair] = []
    errors: list[RowError] = []
    for index, item in enumerate(data):
        line, _column = locate(text, [*path, index])
        if not isinstance(item, dict):
            errors.append(RowError(file, line, None, "each entry must be an object"))
            continue
        pair, error = _pair(item, mapping, file, line)
        if pair:
            pairs.append(pair)
        if error:
            errors.append(error)
    if errors and not skip_invalid:
        raise_row_errors(errors)
    return pairs, errors


def parse_faq_markdown(file: str, text: str) -> tuple[str, list[FaqPair]]:
    """Headings that end in a question mark are questions; the text under each is its answer.

    Headings that are not questions name a topic for the questions below them. When no heading
    ends in a question mark, every heading at the deepest level is taken as a question.
    """
    lines = text.splitlines()
    headings = find_headings(lines)
    title = title_from_name(file)
    if headings and headings[0].level == 1:
        title = headings[0].text
        headings = headings[1:]
    questions = {h.index for h in headings if h.text.rstrip().endswith(("?", "？"))}
    if not questions and headings:
        deepest = max(heading.level for heading in headings)
        questions = {h.index for h in headings if h.level == deepest}
    pairs = []
    topic: str | None = None
    ends = [heading.index for heading in headings[1:]] + [len(lines)] * bool(headings)
    for heading, end in zip(headings, ends, strict=True):
        if heading.index not in questions:
            topic = heading.text
            continue
        answer = body_text(lines[heading.index + 1 : end])
        if answer:
            pairs.append(FaqPair(heading.text, answer, topic))
    if not pairs:
        line, column = line_and_column(text, 0)
        raise IngestFormatError(
            f"{file}: no question headings with answers found",
            details={"file": file, "line": line, "column": column},
        )
    return title, pairs
