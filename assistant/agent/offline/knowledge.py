"""Policy, FAQ and open questions: answered from retrieved passages, quoted with their source."""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.passages import best_hit, best_sentences, terms, title_covers
from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from text.sentences import passage_lines, plain, split_sentences
from text.staff_notes import addressed_to_staff

MAX_SENTENCES = 3
# Passages read before choosing one: a near miss often outranks the passage that answers.
SEARCH_LIMIT = 6
_YES_NO = re.compile(r"(?:yes|no)\b[.,!]?$", re.IGNORECASE)


# Words a Chinese question's search gains for its recognised topic, as an LLM would phrase the
# search: they carry the question to the English documents' keywords.
TOPIC_QUERIES = {
    "returns": "return policy window refund",
    "shipping": "shipping cost delivery time",
    "warranty": "warranty",
    "privacy": "privacy personal data",
    "payment": "payment methods",
    "sizing": "size guide",
    "discounts": "discount coupon promotion",
    "contact": "contact customer service hours",
    "care": "care cleaning",
}


def search_query(u: Understanding, text: str) -> str:
    """The shopper's words; a Chinese question also carries its topic's English keywords.

    English questions go as they are: extra keywords would lift the retrieval confidence of
    an off-topic question that merely shares a topic word.
    """
    extra = TOPIC_QUERIES.get(u.policy_topic or "", "") if u.language == "zh" else ""
    return f"{text} {extra}".strip()[:500]


def knowledge(u: Understanding, st: TurnState, *, doc_types: list[str] | None) -> Step:
    """Search the knowledge base; answer from the best passage or, when unsure, hand off."""
    done = st.last("search_knowledge")
    if done is None:
        return call(
            "search_knowledge",
            query=search_query(u, st.text),
            doc_types=doc_types,
            limit=SEARCH_LIMIT,
        )
    if st.last("request_human") is not None:
        return answer(say("not_sure", u.language), confidence=0.0, resolved=False)
    result: dict[str, Any] = done.result if done.ok else {}
    hits = result.get("hits") or []
    sure = float(result.get("confidence", 0.0))
    if not hits or sure < st.threshold:
        return call("request_human", reason="low_confidence", summary=st.text[:300])
    return answer_from_passage(u, best_hit(hits, _question(u, st)), sure, question=st.text)


def _question(u: Understanding, st: TurnState) -> str:
    """The words to weigh passages by: the search query (a Chinese one carries English keywords)."""
    done = st.last("search_knowledge")
    query = str(done.args.get("query", "")) if done is not None else ""
    return query or st.text


def answer_from_passage(
    u: Understanding, hit: dict[str, Any], sure: float, *, question: str = ""
) -> Step:
    """Quote the passage's answering sentences with their source."""
    citation = hit.get("citation", {})
    text = passage_answer(hit.get("text", ""), citation.get("section"), question)
    source = " — ".join(part for part in (citation.get("title"), citation.get("section")) if part)
    parts = [
        say("knowledge_english", u.language),
        text,
        say("knowledge_source", u.language, source=source),
    ]
    return answer("\n".join(part for part in parts if part), confidence=sure)


def nothing_found(u: Understanding, st: TurnState) -> Step:
    """No product fits: the shop's documents may still answer ("do you offer gift wrapping?")."""
    found = st.last("search_knowledge")
    if found is None:
        return call("search_knowledge", query=st.text, limit=SEARCH_LIMIT)
    hits = (found.result.get("hits") or []) if found.ok else []
    sure = float(found.result.get("confidence", 0.0)) if found.ok else 0.0
    if hits and sure >= st.threshold:
        return answer_from_passage(u, best_hit(hits, _question(u, st)), sure, question=st.text)
    return answer(say("search_none", u.language), confidence=0.3, resolved=False)


def passage_answer(text: str, section: str | None, question: str) -> str:
    """The passage sentences that answer: an FAQ's answer, or the sentences sharing most words.

    Sentences come from the one splitter (`text/sentences.py`), so "e.g." or "approx." never
    cut one; the heading is dropped only when it stands on its own line, never the opening
    words of a sentence that happen to repeat it; sentences written for the shop's staff are
    never quoted.
    """
    sentences = quotable_sentences(text, section)
    if len(sentences) <= MAX_SENTENCES:
        return " ".join(sentences)
    chosen = best_sentences(sentences, question, MAX_SENTENCES)
    named = bool(section) and title_covers({"citation": {"section": section}}, terms(question))
    if (_YES_NO.match(sentences[0]) or named) and 0 not in chosen:
        # An FAQ's "Yes." or "No." is the answer itself, and a section named by the question
        # opens with its rule; the sentences after explain.
        chosen = [0, *chosen[: MAX_SENTENCES - 1]]
    return " ".join(sentences[i] for i in chosen)


def quotable_sentences(text: str, section: str | None) -> list[str]:
    """A passage's sentences without Markdown, its own heading line, headings or staff notes."""
    sentences: list[str] = []
    for line in passage_lines(text, section):
        if line.lstrip().startswith("#"):
            continue
        for sentence in split_sentences(line):
            cleaned = plain(sentence)
            if cleaned and not addressed_to_staff(cleaned):
                sentences.append(cleaned)
    return sentences
