"""The snippet a citation shows: the passage's sentence that shares most words with the question.

Sentences come from the one splitter (`text/sentences.py`: abbreviations such as "e.g." do not
end one), and a sentence written for the shop's staff is never shown.
"""

from __future__ import annotations

from text import tokenise
from text.sentences import plain, split_passage
from text.staff_notes import addressed_to_staff

MAX_SNIPPET_CHARS = 240


def make_snippet(text: str, query_terms: set[str], limit: int = MAX_SNIPPET_CHARS) -> str:
    """Best-matching sentence (and what follows it, up to `limit` characters)."""
    sentences = [
        cleaned
        for sentence in split_passage(text)
        if (cleaned := plain(sentence)) and not addressed_to_staff(cleaned)
    ]
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
