"""The default free-text ranker: BM25 over a product's fields, weighted, with a coverage bonus.

Title counts most, then brand, category and tags, then attributes and option values, then the
description. Tokens are lowercase words with a light plural fold; Chinese text is split into
characters and character pairs so "防水" finds products described in Chinese. A better ranker
(hybrid retrieval) plugs in through `tools.deps.ProductRanker`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tools.deps import RankableProduct

_WORD = re.compile(r"[0-9a-z]+|[\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_STOPWORD_TEXT = (
    "a an and any are as at be by can do does for from get got have i in is it looking me my need "
    "of on or please show some something that the this to under over below above less more than "
    "want with without you your which what who size sized"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
FIELD_WEIGHTS = {
    "title": 3.0,
    "brand": 2.0,
    "category": 2.0,
    "tags": 2.0,
    "attributes": 1.5,
    "options": 1.0,
    "description": 1.0,
}
PAIR_WEIGHT = 0.5
K1 = 1.2
B = 0.75


_IRREGULAR = {"people": "person", "persons": "person", "women": "woman", "men": "man"}


def fold(word: str) -> str:
    """A light plural fold: boots -> boot, batteries -> battery, glasses -> glass."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Search tokens of a text (stopwords kept; see `query_terms`)."""
    found: list[str] = []
    for match in _WORD.findall(text.lower()):
        if _CJK.match(match):
            found.extend(match)
            found.extend(match[i : i + 2] for i in range(len(match) - 1))
        else:
            found.append(fold(match))
    return found


def query_terms(query: str) -> list[str]:
    """The distinct meaningful terms of a query."""
    return list(dict.fromkeys(t for t in tokens(query) if t not in STOPWORDS))


def pairs(words: Sequence[str]) -> list[str]:
    """Adjacent word pairs ('two person'), so a phrase outranks scattered words."""
    return [f"{first} {second}" for first, second in itertools.pairwise(words)]


def _attribute_text(attributes: dict[str, object]) -> Iterable[str]:
    for key, value in attributes.items():
        words = key.replace("_", " ")
        if value is True:
            yield words
        elif isinstance(value, str):
            yield f"{words} {value}"


def _weighted_terms(product: RankableProduct) -> dict[str, float]:
    fields = {
        "title": product.title,
        "brand": product.brand or "",
        "category": (product.category or "").replace("-", " "),
        "tags": " ".join(product.tags).replace("-", " "),
        "attributes": " ".join(_attribute_text(product.attributes)),
        "options": " ".join(product.options),
        "description": product.description,
    }
    counts: dict[str, float] = defaultdict(float)
    for name, text in fields.items():
        weight = FIELD_WEIGHTS[name]
        words = tokens(text)
        for token in words:
            counts[token] += weight
        for pair in pairs([word for word in words if word not in STOPWORDS]):
            counts[pair] += weight * PAIR_WEIGHT
    return counts


class LexicalRanker:
    """BM25 over weighted product fields and word pairs, favouring products with every word."""

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        """Scores of the products that contain at least one query term.

        Each term adds its BM25 weight; the sum is scaled by the share of query words found,
        and a query's word pairs found as phrases add their own weight on top.
        """
        words = query_terms(query)
        if not words or not products:
            return {}
        terms = words + pairs(words)
        documents = {product.product_id: _weighted_terms(product) for product in products}
        lengths = {pid: sum(counts.values()) for pid, counts in documents.items()}
        average = sum(lengths.values()) / len(lengths) or 1.0
        total = len(documents)
        frequency = {
            term: sum(1 for counts in documents.values() if term in counts) for term in terms
        }
        scores: dict[int, float] = {}
        for pid, counts in documents.items():
            matched = [term for term in terms if term in counts]
            found_words = sum(1 for word in words if word in counts)
            if not found_words:
                continue
            score = 0.0
            for term in matched:
                df = frequency[term]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                tf = counts[term]
                norm = K1 * (1 - B + B * lengths[pid] / average)
                score += idf * tf * (K1 + 1) / (tf + norm)
            scores[pid] = score * found_words / len(words)
        return scores
