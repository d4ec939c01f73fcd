"""Passages from parsed documents, sized in tiktoken tokens and shaped by the document.

- A product is one record passage: title, brand, category, key attributes, options, tags and
  description, whatever its length (the embedder reads its first 256 tokens; BM25 reads all).
- An FAQ pair is one passage, question and answer together, its section the question.
- Policies and other documents split at their headings; a section longer than the budget splits
  at paragraph, then line, then sentence boundaries, and every piece keeps its section heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.catalog.schema import AttributeValue, CatalogIn, ProductIn
from retrieval.parsers.base import FaqPair, Section
from retrieval.tokens import count_tokens, encoding

DEFAULT_MAX_TOKENS = 220
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class Chunk:
    """One passage before it is stored: what a shopper may be shown, and where it came from."""

    title: str
    section: str | None
    text: str
    token_count: int
    meta: dict[str, Any] = field(default_factory=dict)

    def indexed_text(self) -> str:
        """What the embedder and BM25 read: the passage with its title and heading."""
        return indexed_text(self.title, self.section, self.text)


_EMPHASIS = re.compile(r"\*\*|__|`")


def indexed_text(title: str, section: str | None, text: str) -> str:
    """A passage as the indexes read it: title and heading for context, emphasis marks dropped."""
    parts = [] if text.startswith(title) else [title]
    if section and section != title and not text.startswith(section):
        parts.append(section)
    parts.append(text)
    return _EMPHASIS.sub("", "\n".join(parts))


def _pieces(text: str, max_tokens: int) -> list[str]:
    """Pieces that each fit the budget, cut at the widest boundary that works."""
    if count_tokens(text) <= max_tokens:
        return [text]
    for pattern, joiner in ((r"\n\s*\n", "\n\n"), (r"\n", "\n"), (_SENTENCE_END.pattern, " ")):
        parts = [part.strip() for part in re.split(pattern, text) if part.strip()]
        if len(parts) > 1:
            pieces: list[str] = []
            for part in parts:
                pieces.extend(_pieces(part, max_tokens))
            return _pack(pieces, max_tokens, joiner)
    tokens = encoding().encode(text, disallowed_special=())
    return [
        encoding().decode(tokens[start : start + max_tokens])
        for start in range(0, len(tokens), max_tokens)
    ]


def _pack(pieces: list[str], max_tokens: int, joiner: str) -> list[str]:
    """Greedily join consecutive pieces while they fit.

    Pieces side by side can tokenise into a token or so more than apart, so once the sum of
    their counts is within one token per join of the budget, the joined text itself is counted.
    """
    packed: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        tokens = count_tokens(piece)
        if current and (
            size + tokens > max_tokens
            or (
                size + tokens + len(current) > max_tokens
                and count_tokens(joiner.join([*current, piece])) > max_tokens
            )
        ):
            packed.append(joiner.join(current))
            current, size = [], 0
        current.append(piece)
        size += tokens
    if current:
        packed.append(joiner.join(current))
    return packed


def chunk_sections(
    title: str, sections: Iterable[Section], max_tokens: int = DEFAULT_MAX_TOKENS
) -> list[Chunk]:
    """One or more passages per section, each keeping the section's heading."""
    chunks = []
    for section in sections:
        for piece in _pieces(section.body, max_tokens):
            chunks.append(Chunk(title, section.heading, piece, count_tokens(piece)))
    return chunks


def chunk_faq(title: str, pairs: Iterable[FaqPair]) -> list[Chunk]:
    """One passage per pair; the question is the section, so citations name it."""
    chunks = []
    for pair in pairs:
        text = f"{pair.question}\n{pair.answer}"
        meta: dict[str, Any] = {"question": pair.question}
        if pair.topic:
            meta["topic"] = pair.topic
        chunks.append(Chunk(title, pair.question, text, count_tokens(text), meta))
    return chunks


def _attribute_text(key: str, value: AttributeValue) -> str:
    label = key.replace("_", " ").capitalize()
    if isinstance(value, bool):
        return f"{label}: {'yes' if value else 'no'}"
    return f"{label}: {value}"


def product_text(product: ProductIn, category_name: str | None) -> str:
    """The record passage of a product (no price or stock: those are live, from the tools)."""
    lines = [product.title]
    facts = []
    if product.brand:
        facts.append(f"Brand: {product.brand}")
    if category_name:
        facts.append(f"Category: {category_name}")
    if facts:
        lines.append(". ".join(facts) + ".")
    if product.attributes:
        attributes = [_attribute_text(k, v) for k, v in product.attributes.items()]
        lines.append("; ".join(attributes) + ".")
    options: dict[str, list[str]] = {}
    for variant in product.variants:
        for name, value in variant.options.items():
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    if options:
        described = [
            f"{name.capitalize()}: {', '.join(values)}" for name, values in options.items()
        ]
        lines.append("Options: " + "; ".join(described) + ".")
    if product.tags:
        lines.append("Tags: " + ", ".join(product.tags) + ".")
    if product.description:
        lines.append(product.description.strip())
    return "\n".join(lines)


def chunk_products(catalog: CatalogIn) -> list[Chunk]:
    """One record passage per product, carrying its handle, category and brand in meta."""
    names = {category.slug: category.name for category in catalog.categories}
    chunks = []
    for product in catalog.products:
        category_name = names.get(product.category or "", product.category)
        text = product_text(product, category_name)
        meta: dict[str, Any] = {"product_handle": product.id}
        if product.category:
            meta["category"] = product.category
        if product.brand:
            meta["brand"] = product.brand
        chunks.append(Chunk(product.title, None, text, count_tokens(text), meta))
    return chunks
