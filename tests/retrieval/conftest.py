"""A knowledge base per test: the test's database, its own Chroma and BM25 folders, and a small
deterministic embedder (hashed words) so lifecycle tests do not depend on a model's judgement.
Tests about retrieval quality use the real default embedder instead."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest

from assistant.config import Settings
from assistant.db import Database
from retrieval.embeddings.base import Vectors, normalise
from retrieval.ingest import SourceFile
from retrieval.knowledge import KnowledgeBase
from retrieval.results import DocType
from tests.factories import make_store
from text import tokenise
from text.language import Language

STORE = "shop"


class HashingEmbedder:
    """Bag of words hashed into 256 dimensions: similar wording, similar vectors."""

    name = "hashing-test"
    slug = "hashing"
    dimension = 256

    def __init__(self) -> None:
        self.calls = 0

    def _vector(self, text: str) -> Vectors:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for term in tokenise.terms(text) or ["empty"]:
            bucket = int(hashlib.md5(term.encode()).hexdigest()[:8], 16) % self.dimension
            vector[bucket] += 1.0
        return vector

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return normalise(np.stack([self._vector(text) for text in texts]))

    def embed_query(self, text: str, language: Language) -> Vectors:
        result: Vectors = normalise(self._vector(text)[None, :])[0]
        return result

    def similarity_range(self, language: Language) -> tuple[float, float]:
        return (0.1, 0.6)


class ProcessKilled(BaseException):
    """Stands in for SIGKILL: nothing in the pipeline may catch it."""


class DyingEmbedder(HashingEmbedder):
    """Embeds normally until told to die on the next batch."""

    def __init__(self) -> None:
        super().__init__()
        self.die = False

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if self.die:
            raise ProcessKilled
        return super().embed_documents(texts)


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def knowledge(
    settings: Settings, database: Database, embedder: HashingEmbedder
) -> Iterator[KnowledgeBase]:
    with database.transaction() as session:
        make_store(session, STORE)
        make_store(session, "other")
    yield KnowledgeBase(settings, database, embedder=embedder)


def markdown(title: str, sections: dict[str, str]) -> bytes:
    body = [f"# {title}", ""]
    for heading, text in sections.items():
        body += [f"## {heading}", "", text, ""]
    return "\n".join(body).encode()


def catalog_json(
    *products: dict[str, Any], categories: list[dict[str, Any]] | None = None
) -> bytes:
    return json.dumps({"categories": categories or [], "products": list(products)}).encode()


def product(
    handle: str, title: str, price: str = "10.00", stock: int = 5, **fields: Any
) -> dict[str, Any]:
    return {
        "id": handle,
        "title": title,
        "variants": [{"sku": handle.upper(), "price": price, "stock": stock}],
        **fields,
    }


def source(name: str, data: bytes, doc_type: DocType = "policy", **kwargs: Any) -> SourceFile:
    return SourceFile(name, data, doc_type, **kwargs)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
