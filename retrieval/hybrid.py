"""Hybrid search: dense (Chroma) and BM25 candidates scored together, filtered, cited, judged.

Each search is scoped to one store and sees only active document versions: candidates from
either index are checked against `documents.active_version`, and the text returned comes from
the passages table in the same query that checks it. See `retrieval.fusion` for the score and
`retrieval.confidence` for the confidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from assistant.db import Database
from assistant.errors import InvalidInputError
from retrieval.bm25_index import Bm25Indexes, LexicalIndex
from retrieval.chroma_store import ChromaStore, DenseMatch
from retrieval.confidence import agreement, combine, dense_strength, lexical_coverage
from retrieval.documents import StoredPassage, fetch_active, lexical_passages
from retrieval.embeddings.base import Embedder, Vectors
from retrieval.fusion import fused_score, saturate
from retrieval.results import Citation, DocType, Hit, SearchFilters, SearchResult, SearchSignals
from retrieval.scope import Scope, handles_passing, resolve_scope
from retrieval.snippets import make_snippet
from text import tokenise
from text.language import Language, detect_language

Mode = Literal["hybrid", "dense", "bm25"]
MAX_QUERY_CHARS = 1_000
MAX_LIMIT = 50
MAX_FETCH = 1_280


@dataclass
class Candidate:
    """A passage either retriever proposed, with both retrievers' evidence."""

    passage_id: str
    similarity: float | None = None
    bm25: float = 0.0
    product_handle: str | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None

    def score(self, mode: Mode) -> float:
        """The ranking score for the chosen retriever(s), in [0, 1]."""
        if mode == "dense":
            return max(0.0, min(1.0, self.similarity or 0.0))
        if mode == "bm25":
            return saturate(self.bm25)
        return fused_score(self.similarity or 0.0, self.bm25)


class HybridSearcher:
    """Searches one store's passages with both retrievers."""

    def __init__(
        self,
        database: Database,
        embedder: Embedder,
        vectors: ChromaStore,
        lexical: Bm25Indexes,
    ) -> None:
        self.database = database
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical
        self._embedding_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="embed")

    def lexical_index(self, store_id: str, active: Mapping[str, int]) -> LexicalIndex:
        """The store's BM25 index, rebuilt from the database when it misses an active version."""

        def source() -> Any:
            with self.database.session() as session:
                return lexical_passages(session, store_id)

        return self.lexical.get(store_id, active, source)

    def search(
        self,
        store_id: str,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 5,
        mode: Mode = "hybrid",
    ) -> SearchResult:
        """The best `limit` passages for `query` in one store, with citations and confidence."""
        text = query.strip()[:MAX_QUERY_CHARS]
        if not text:
            raise InvalidInputError("the search query is empty")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInputError(f"limit must be between 1 and {MAX_LIMIT}")
        filters = filters or SearchFilters()
        language = detect_language(text)
        result = self._search_once(store_id, text, language, filters, limit, mode)
        if result is None:
            # A version was activated between reading candidates and reading their text.
            result = self._search_once(store_id, text, language, filters, limit, mode, final=True)
        assert result is not None
        return result

    def _search_once(
        self,
        store_id: str,
        text: str,
        language: Language,
        filters: SearchFilters,
        limit: int,
        mode: Mode,
        *,
        final: bool = False,
    ) -> SearchResult | None:
        # The question is embedded on another core while the database and BM25 are read.
        embedding = (
            self._embedding_pool.submit(self.embedder.embed_query, text, language)
            if mode != "bm25"
            else None
        )
        with self.database.session() as session:
            scope = resolve_scope(session, store_id, filters)
        if scope.empty:
            return SearchResult(query=text, language=language, hits=[], confidence=0.0)
        terms = tokenise.terms(text)
        # The BM25 index also tells each passage's type, category and product, dense or not.
        index = self.lexical_index(store_id, scope.active)
        scores = (
            index.scores(terms, index.mask(scope.active, scope.doc_types, scope.categories))
            if mode != "dense"
            else None
        )
        vector = embedding.result() if embedding is not None else None
        live = filters.price_min is not None or filters.price_max is not None or filters.in_stock
        # Price and stock remove candidates after retrieval: start deeper when they apply.
        fetch = max(limit * 4, 20) * (2 if live else 1)
        while True:
            candidates = self._candidates(store_id, vector, index, scores, scope, fetch, limit)
            if live:
                candidates = self._live_filter(store_id, filters, candidates)
            if not live or len(candidates) >= limit or fetch >= MAX_FETCH:
                break
            fetch *= 4  # the live filter removed too many candidates: look deeper
        if mode == "hybrid" and vector is not None:
            self._complete_similarities(store_id, vector, candidates, limit)
        ranked = sorted(candidates.values(), key=lambda c: (-c.score(mode), c.passage_id))
        ranked = ranked[:limit]
        with self.database.session() as session:
            stored = fetch_active(session, store_id, [c.passage_id for c in ranked])
        if len(stored) < len(ranked) and not final:
            return None
        hits = [
            self._hit(stored[c.passage_id], c, mode, terms)
            for c in ranked
            if c.passage_id in stored
        ]
        evidence = index.known_share(terms) if mode != "dense" else 0.0
        signals = self._signals(hits, ranked, terms, language, evidence)
        return SearchResult(
            query=text,
            language=language,
            hits=hits,
            confidence=combine(signals) if hits else 0.0,
            signals=signals,
        )

    def _candidates(
        self,
        store_id: str,
        vector: Vectors | None,
        index: LexicalIndex,
        scores: NDArray[np.float32] | None,
        scope: Scope,
        fetch: int,
        limit: int,
    ) -> dict[str, Candidate]:
        candidates: dict[str, Candidate] = {}
        if vector is not None:
            dense = self._dense(store_id, vector, scope, index, fetch, limit)
            for rank, (match, row) in enumerate(dense):
                candidates[match.passage_id] = Candidate(
                    match.passage_id,
                    similarity=match.similarity,
                    product_handle=index.handle_at(row),
                    dense_rank=rank,
                )
        if scores is not None:
            for rank, row in enumerate(index.top(scores, fetch)):
                passage = index.passage_ids[row]
                candidate = candidates.setdefault(
                    passage, Candidate(passage, product_handle=index.handle_at(row))
                )
                candidate.bm25 = float(scores[row])
                candidate.lexical_rank = rank
            for candidate in candidates.values():
                if candidate.lexical_rank is None:
                    found = index.row_of(candidate.passage_id)
                    candidate.bm25 = float(scores[found]) if found is not None else 0.0
        return candidates

    def _complete_similarities(
        self, store_id: str, vector: Vectors, candidates: dict[str, Candidate], limit: int
    ) -> None:
        """Cosine similarity for candidates only BM25 proposed, from their stored vectors.

        A passage the dense list left out is no closer to the question than the last one it
        listed, which bounds its fused score; candidates that cannot reach the top `limit`
        even so are not looked up.
        """
        known = [c for c in candidates.values() if c.similarity is not None]
        unknown = [c for c in candidates.values() if c.similarity is None]
        if len(known) >= limit and unknown:
            closest_unlisted = min(c.similarity or 0.0 for c in known)
            bar = sorted((c.score("hybrid") for c in known), reverse=True)[limit - 1]
            unknown = [c for c in unknown if fused_score(closest_unlisted, c.bm25) >= bar]
        missing = [c.passage_id for c in unknown]
        if not missing:
            return
        norm = float(np.linalg.norm(vector)) or 1.0
        for passage, stored in self.vectors.vectors(store_id, missing).items():
            length = float(np.linalg.norm(stored)) or 1.0
            candidates[passage].similarity = float(stored @ vector) / (norm * length)

    def _live_filter(
        self, store_id: str, filters: SearchFilters, candidates: dict[str, Candidate]
    ) -> dict[str, Candidate]:
        """Keep candidates whose product passes the price and stock filters right now."""
        handles = {c.product_handle for c in candidates.values() if c.product_handle}
        with self.database.session() as session:
            passing = handles_passing(session, store_id, filters, handles)
        return {p: c for p, c in candidates.items() if c.product_handle in passing}

    def _dense(
        self,
        store_id: str,
        vector: Vectors,
        scope: Scope,
        index: LexicalIndex,
        fetch: int,
        limit: int,
    ) -> list[tuple[DenseMatch, int]]:
        """Nearest passages within the scope, each with its row in the BM25 index."""

        def in_scope(matches: list[DenseMatch]) -> list[tuple[DenseMatch, int]]:
            kept = []
            for match in matches:
                row = scope.allows(match.passage_id, index)
                if row is not None:
                    kept.append((match, row))
            return kept

        found = in_scope(self.vectors.query(store_id, vector, fetch))
        where = scope.where()
        if len(found) < limit and where is not None:
            # A narrow filter: ask Chroma to filter before ranking instead of after.
            found = in_scope(self.vectors.query(store_id, vector, fetch, where=where))
        return found

    @staticmethod
    def _hit(passage: StoredPassage, candidate: Candidate, mode: Mode, terms: list[str]) -> Hit:
        doc_type: DocType = passage.doc_type  # type: ignore[assignment]
        meta = {key: value for key, value in passage.meta.items() if key != "text_hash"}
        meta["position"] = passage.position
        meta["version"] = passage.version
        if candidate.similarity is not None:
            meta["dense_similarity"] = round(candidate.similarity, 4)
        meta["bm25_score"] = round(candidate.bm25, 4)
        return Hit(
            passage_id=passage.passage_id,
            text=passage.text,
            score=round(candidate.score(mode), 4),
            citation=Citation(
                document_id=passage.document_id,
                title=passage.title,
                section=passage.section,
                snippet=make_snippet(passage.text, set(terms)),
                source=passage.source,
                doc_type=doc_type,
            ),
            meta=meta,
        )

    def _signals(
        self,
        hits: list[Hit],
        ranked: list[Candidate],
        terms: list[str],
        language: Language,
        evidence: float,
    ) -> SearchSignals:
        if not hits:
            return SearchSignals()
        top = next(c for c in ranked if c.passage_id == hits[0].passage_id)
        similarity = top.similarity or 0.0
        citation = hits[0].citation
        hit_terms = set(
            tokenise.terms(f"{citation.title}\n{citation.section or ''}\n{hits[0].text}")
        )
        return SearchSignals(
            dense_similarity=round(similarity, 4),
            dense_strength=round(
                dense_strength(similarity, self.embedder.similarity_range(language)), 4
            ),
            lexical_evidence=round(evidence, 4),
            lexical_coverage=round(lexical_coverage(terms, hit_terms), 4),
            agreement=agreement(top.dense_rank, top.lexical_rank),
        )
