"""The snippet a citation shows: the passage's sentence that shares most words with the question."""

from __future__ import annotations

import re

from text import tokenise

MAX_SNIPPET_CHARS = 240
_SENTENCES = re.compile(r"(?<=[.!?。！？])\s+|\n+")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^[-*]\s+", re.MULTILINE)


def make_snippet(text: str, query_terms: set[str], limit: int = MAX_SNIPPET_CHARS) -> str:
    """Best-matching sentence (and what follows it, up to `limit` characters)."""
    plain = _MARKUP.sub("", text).strip()
    sentences = [sentence.strip() for sentence in _SENTENCES.split(plain) if sentence.strip()]
    if not sentences:
        return ""
    best = 0
    if query_terms:
        scores = [len(query_terms & set(tokenise.terms(sentence))) for sentence in sentences]
        best = max(range(len(sentences)), key=lambda index: (scores[index], -index))
    snippet = " ".join(sentences[best:])
    if len(snippet) <= limit:
        return snippet
    cut = snippet[:limit].rsplit(" ", 1)[0] if " " in snippet[:limit] else snippet[:limit]
    return cut.rstrip(",;:") + "…"
