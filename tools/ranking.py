"""The default free-text ranker: BM25 (bm25s) over a product's fields, weighted, with coverage.

Title counts most, then brand, category and tags, then attributes and option values, then the
description: a field's terms are repeated by its weight. Terms come from `text.tokenise`, the
same as the passage index (English words stemmed, Chinese cut into words by jieba). Adjacent
word pairs are terms too, so a phrase outranks scattered words. A better ranker (hybrid
retrieval) plugs in through `tools.deps.ProductRanker`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from functools import lru_cache

import bm25s
import numpy as np

from text.stopwords import CHINESE_STOPWORDS
from text.tokenise import tokens
from tools.deps import RankableProduct

_STOPWORD_TEXT = (
    "a an and any are as at be by can do does for from get got have i in is it looking me my need "
    "of on or please show some something that the this to under over below above less more than "
    "want with without you your which what who size sized"
)
# Words a shopper puts around what they want; never worth matching on their own.
STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | CHINESE_STOPWORDS
# How many times a field's words (and half as many times its word pairs) count.
FIELD_WEIGHTS = {
    "title": 6,
    "brand": 4,
    "category": 4,
    "tags": 4,
    "attributes": 3,
    "options": 2,
    "description": 2,
}
K1 = 1.2
B = 0.75


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


@lru_cache(maxsize=16384)
def _field_terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A field's words and its word pairs (stop words left out of the pairs)."""
    words = tokens(text)
    return tuple(words), tuple(pairs([word for word in words if word not in STOPWORDS]))


def _document(product: RankableProduct) -> list[str]:
    fields = {
        "title": product.title,
        "brand": product.brand or "",
        "category": (product.category or "").replace("-", " "),
        "tags": " ".join(product.tags).replace("-", " "),
        "attributes": " ".join(_attribute_text(product.attributes)),
        "options": " ".join(product.options),
        "description": product.description,
    }
    document: list[str] = []
    for name, text in fields.items():
        weight = FIELD_WEIGHTS[name]
        words, word_pairs = _field_terms(text)
        document.extend(words * weight)
        document.extend(word_pairs * (weight // 2))
    return document


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
        index = bm25s.BM25(k1=K1, b=B)
        index.index([_document(product) for product in products], show_progress=False)
        vocabulary = index.vocab_dict
        total = np.zeros(len(products), dtype=np.float64)
        found = np.zeros(len(products), dtype=np.float64)
        for term in words + pairs(words):
            if term not in vocabulary:
                continue
            scores = index.get_scores_from_ids([vocabulary[term]])
            total += scores
            if " " not in term:
                found += scores > 0
        return {
            product.product_id: float(total[row] * found[row] / len(words))
            for row, product in enumerate(products)
            if found[row]
        }
