"""A Markdown file that is one long line, with or without a leading `# `, still gets indexed in
passages of the usual size."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import synthetic_one_line_markdown
from retrieval.chunking import DEFAULT_MAX_TOKENS
from retrieval.formats import parse_document
from retrieval.knowledge import KnowledgeBase
from retrieval.parsers.markdown import MAX_HEADING_CHARS, parse_markdown
from retrieval.sources import SourceFile
from retrieval.tokens import count_tokens
from tests.retrieval.conftest import STORE

SIZE = 200_000


@pytest.mark.parametrize("heading", [False, True])
def test_a_one_line_file_splits_into_passages_within_the_budget(heading: bool) -> None:
    data = synthetic_one_line_markdown(SIZE, heading=heading)
    parsed = parse_document("guides/minified.md", data, "policy")

    total = count_tokens(data.decode())
    sizes = [chunk.token_count for chunk in parsed.chunks]
    assert max(sizes) <= DEFAULT_MAX_TOKENS
    assert total / DEFAULT_MAX_TOKENS <= len(sizes) <= 1.2 * total / DEFAULT_MAX_TOKENS
    assert all(chunk.token_count == count_tokens(chunk.text) for chunk in parsed.chunks)
    # The line is text, not a heading repeated in front of every passage.
    assert parsed.title == "Minified"
    assert all(chunk.section is None for chunk in parsed.chunks)
    assert parsed.chunks[0].text.startswith("Synthetic one-line guide:")


def test_a_line_without_spaces_or_sentences_is_cut_by_tokens() -> None:
    parsed = parse_document("dump.md", ("ab3" * 20_000).encode(), "policy")
    sizes = [chunk.token_count for chunk in parsed.chunks]
    assert len(sizes) > 1
    assert max(sizes) <= DEFAULT_MAX_TOKENS
    assert "".join(chunk.text for chunk in parsed.chunks) == "ab3" * 20_000


def test_a_heading_sized_first_line_is_still_the_title() -> None:
    title, sections = parse_markdown("notes.md", "# Returns\n\nWithin 30 days.")
    assert title == "Returns"
    assert [(section.heading, section.body) for section in sections] == [(None, "Within 30 days.")]


def test_a_file_that_is_only_its_title_is_indexed_as_that_line() -> None:
    title, sections = parse_markdown("notes.md", "# Free returns within 30 days")
    assert title == "Free returns within 30 days"
    assert [(section.heading, section.body) for section in sections] == [
        (None, "Free returns within 30 days")
    ]


def test_a_long_line_after_hashes_is_a_paragraph_not_a_section() -> None:
    long_line = "## " + "Tents ship within two days of the order. " * 20
    assert len(long_line) > MAX_HEADING_CHARS
    title, sections = parse_markdown(
        "shipping.md", f"# Shipping\n\n{long_line}\n\n## Returns\nFree."
    )
    assert title == "Shipping"
    assert [section.heading for section in sections] == [None, "Returns"]
    assert sections[0].body == long_line[3:].rstrip()


def test_a_one_line_file_starting_with_a_heading_mark_is_ingested(
    knowledge: KnowledgeBase,
) -> None:
    data = synthetic_one_line_markdown(20_000, heading=True)
    (outcome,) = knowledge.ingest(STORE, [SourceFile("policies/one-line.md", data, "policy")])
    assert outcome.status == "added", outcome.error
    assert outcome.passages == len(parse_document("one-line.md", data, "policy").chunks)
    result = knowledge.search_knowledge(STORE, "stuff sack and a two-year warranty")
    assert result.hits and result.hits[0].citation.source == "policies/one-line.md"
