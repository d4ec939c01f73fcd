"""A BM25 index per store (bm25s), built from the passages table and persisted on disk.

The database is the source of truth. An index records which (document, version) pairs it
holds; a search first checks that it covers every active version, and otherwise loads the
newest saved index or rebuilds it from the passages table. Passages of versions that are no
longer active may linger until the next build; the caller masks them out.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from numpy.typing import NDArray

from text import tokenise

log = logging.getLogger(__name__)
Mask = NDArray[np.float32]
_MASK_CACHE = 16


@dataclass(frozen=True)
class LexicalPassage:
    """What the index needs of a passage row."""

    passage_id: str
    document_id: str
    version: int
    doc_type: str
    category: str | None
    product_handle: str | None
    text: str


@dataclass(frozen=True)
class LexicalMatch:
    """A BM25 hit: passage id, score, and the product it describes (if any)."""

    passage_id: str
    score: float
    product_handle: str | None


class Codes:
    """Strings stored once, referred to by small integers in per-passage arrays."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: list[str] = []
        self.index: dict[str, int] = {}
        for value in values:
            self.code(value)

    def code(self, value: str) -> int:
        """The code of `value`, added when new."""
        found = self.index.get(value)
        if found is None:
            found = len(self.values)
            self.values.append(value)
            self.index[value] = found
        return found

    def lookup(self, wanted: Iterable[str]) -> NDArray[np.bool_]:
        """A boolean table over codes: True for the wanted values."""
        table = np.zeros(len(self.values) + 1, dtype=bool)
        for value in wanted:
            code = self.index.get(value)
            if code is not None:
                table[code] = True
        return table


class LexicalIndex:
    """BM25 over one store's passages, with per-passage arrays for filtering."""

    def __init__(
        self,
        passage_ids: list[str],
        pairs: Codes,
        pair_codes: NDArray[np.int32],
        doc_types: Codes,
        doc_type_codes: NDArray[np.int32],
        categories: Codes,
        category_codes: NDArray[np.int32],
        handles: Codes,
        handle_codes: NDArray[np.int32],
        bm25: bm25s.BM25 | None,
    ) -> None:
        self.passage_ids = passage_ids
        self.pairs = pairs
        self.pair_codes = pair_codes
        self.doc_types = doc_types
        self.doc_type_codes = doc_type_codes
        self.categories = categories
        self.category_codes = category_codes
        self.handles = handles
        self.handle_codes = handle_codes
        self.bm25 = bm25
        self._rows: dict[str, int] | None = None
        # Masks for recent (active versions, filters): searches repeat them until a change.
        self._masks: dict[tuple[object, ...], Mask] = {}
        self._masks_lock = threading.Lock()

    @classmethod
    def build(cls, passages: Sequence[LexicalPassage], tokens: Sequence[list[str]]) -> LexicalIndex:
        """Index passages whose tokens were computed by `text.tokenise.terms`."""
        pairs, doc_types, categories, handles = Codes(), Codes(), Codes(), Codes()
        size = len(passages)
        pair_codes = np.empty(size, dtype=np.int32)
        doc_type_codes = np.empty(size, dtype=np.int32)
        category_codes = np.full(size, -1, dtype=np.int32)
        handle_codes = np.full(size, -1, dtype=np.int32)
        for row, passage in enumerate(passages):
            pair_codes[row] = pairs.code(f"{passage.document_id}:{passage.version}")
            doc_type_codes[row] = doc_types.code(passage.doc_type)
            if passage.category:
                category_codes[row] = categories.code(passage.category)
            if passage.product_handle:
                handle_codes[row] = handles.code(passage.product_handle)
        bm25 = None
        if size:
            bm25 = bm25s.BM25()
            bm25.index([list(t) for t in tokens], show_progress=False)
        return cls(
            [passage.passage_id for passage in passages],
            pairs,
            pair_codes,
            doc_types,
            doc_type_codes,
            categories,
            category_codes,
            handles,
            handle_codes,
            bm25,
        )

    def __len__(self) -> int:
        return len(self.passage_ids)

    def covers(self, active: Mapping[str, int]) -> bool:
        """Whether every active (document, version) is in this index."""
        return all(
            f"{document}:{version}" in self.pairs.index for document, version in active.items()
        )

    def mask(
        self,
        active: Mapping[str, int],
        doc_types: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
        handles: Iterable[str] | None = None,
    ) -> Mask:
        """1.0 for passages of active versions that pass the filters, 0.0 for the rest."""
        types = frozenset(doc_types) if doc_types is not None else None
        slugs = frozenset(categories) if categories is not None else None
        key = (frozenset(active.items()), types, slugs)
        if handles is None and key in self._masks:
            return self._masks[key]
        keep = self.pairs.lookup(f"{doc}:{version}" for doc, version in active.items())[
            self.pair_codes
        ]
        if types is not None:
            keep &= self.doc_types.lookup(types)[self.doc_type_codes]
        if slugs is not None:
            keep &= self.categories.lookup(slugs)[self.category_codes]
        if handles is not None:
            keep &= self.handles.lookup(handles)[self.handle_codes]
            return keep.astype(np.float32)
        mask = keep.astype(np.float32)
        with self._masks_lock:
            if len(self._masks) >= _MASK_CACHE:
                self._masks.pop(next(iter(self._masks)))
            self._masks[key] = mask
        return mask

    def scores(self, tokens: list[str], mask: Mask) -> NDArray[np.float32] | None:
        """BM25 score of every passage (0 where the mask is 0); None when no term is known."""
        if self.bm25 is None:
            return None
        ids = self.bm25.get_tokens_ids(tokens)
        if not ids:
            return None
        scores: NDArray[np.float32] = self.bm25.get_scores_from_ids(ids, weight_mask=mask)
        return scores

    @staticmethod
    def top(scores: NDArray[np.float32], limit: int) -> list[int]:
        """Rows of the best `limit` scores above zero, best first."""
        limit = min(limit, len(scores))
        if limit <= 0:
            return []
        rows = np.argpartition(-scores, limit - 1)[:limit]
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        return [int(row) for row in rows if scores[row] > 0]

    def known_share(self, tokens: list[str]) -> float:
        """Share of the distinct query terms that occur anywhere in the store's passages."""
        distinct = set(tokens)
        if not distinct or self.bm25 is None:
            return 0.0
        vocabulary = self.bm25.vocab_dict
        return sum(1 for token in distinct if token in vocabulary) / len(distinct)

    def row_of(self, passage_id: str) -> int | None:
        """The row of a passage id in the score arrays."""
        if self._rows is None:
            self._rows = {passage: row for row, passage in enumerate(self.passage_ids)}
        return self._rows.get(passage_id)

    def doc_type_at(self, row: int) -> str:
        """The document type of the passage at `row`."""
        return self.doc_types.values[int(self.doc_type_codes[row])]

    def category_at(self, row: int) -> str | None:
        """The category of the passage at `row`, if it describes a product."""
        code = int(self.category_codes[row])
        return self.categories.values[code] if code >= 0 else None

    def handle_at(self, row: int) -> str | None:
        """The product handle of the passage at `row`, if it describes a product."""
        code = int(self.handle_codes[row])
        return self.handles.values[code] if code >= 0 else None

    def search(self, tokens: list[str], limit: int, mask: Mask) -> list[LexicalMatch]:
        """Top passages by BM25 score among those the mask keeps (scores > 0 only)."""
        scores = self.scores(tokens, mask)
        if scores is None:
            return []
        return [
            LexicalMatch(self.passage_ids[row], float(scores[row]), self.handle_at(row))
            for row in self.top(scores, limit)
        ]

    def save(self, folder: Path) -> None:
        """Write the index and its arrays into an empty folder."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.bm25 is not None:
            self.bm25.save(str(folder / "bm25"))
        np.savez(
            folder / "arrays.npz",
            pair_codes=self.pair_codes,
            doc_type_codes=self.doc_type_codes,
            category_codes=self.category_codes,
            handle_codes=self.handle_codes,
        )
        meta = {
            "terms_version": tokenise.TERMS_VERSION,
            "passage_ids": self.passage_ids,
            "pairs": self.pairs.values,
            "doc_types": self.doc_types.values,
            "categories": self.categories.values,
            "handles": self.handles.values,
        }
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by `save`; ValueError if its terms came from another tokeniser."""
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("terms_version") != tokenise.TERMS_VERSION:
            raise ValueError(
                f"terms version {meta.get('terms_version')}, not {tokenise.TERMS_VERSION}"
            )
        with np.load(folder / "arrays.npz") as arrays:
            loaded = {name: arrays[name] for name in arrays.files}
        bm25 = bm25s.BM25.load(str(folder / "bm25")) if (folder / "bm25").exists() else None
        return cls(
            meta["passage_ids"],
            Codes(meta["pairs"]),
            loaded["pair_codes"],
            Codes(meta["doc_types"]),
            loaded["doc_type_codes"],
            Codes(meta["categories"]),
            loaded["category_codes"],
            Codes(meta["handles"]),
            loaded["handle_codes"],
            bm25,
        )


PassageSource = Callable[[], Sequence[LexicalPassage]]


class Bm25Indexes:
    """The BM25 indexes of every store in this process, persisted under one folder.

    On disk, `<store>.current` names the folder holding the newest index; a new build goes to a
    fresh folder and the pointer is replaced atomically, so a reader never loads half an index.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._indexes: dict[str, LexicalIndex] = {}
        self._tokens: dict[str, dict[str, list[str]]] = {}
        self._lock = threading.RLock()

    def get(self, store_id: str, active: Mapping[str, int], source: PassageSource) -> LexicalIndex:
        """An index covering every active version: from memory, from disk, or rebuilt."""
        index = self._indexes.get(store_id)
        if index is not None and index.covers(active):
            return index
        with self._lock:
            index = self._indexes.get(store_id)
            if index is not None and index.covers(active):
                return index
            saved = self._load(store_id)
            if saved is not None and saved.covers(active):
                self._indexes[store_id] = saved
                return saved
            return self.rebuild(store_id, source())

    def rebuild(self, store_id: str, passages: Sequence[LexicalPassage]) -> LexicalIndex:
        """Build from these passages, save, and serve the new index from now on."""
        with self._lock:
            cache = self._tokens.setdefault(store_id, {})
            tokens = []
            fresh: dict[str, list[str]] = {}
            for passage in passages:
                terms = cache.get(passage.passage_id)
                if terms is None:
                    terms = tokenise.terms(passage.text)
                fresh[passage.passage_id] = terms
                tokens.append(terms)
            self._tokens[store_id] = fresh
            index = LexicalIndex.build(passages, tokens)
            self._save(store_id, index)
            self._indexes[store_id] = index
            return index

    def forget(self, store_id: str) -> None:
        """Drop the store's index from memory and disk."""
        with self._lock:
            self._indexes.pop(store_id, None)
            self._tokens.pop(store_id, None)
            pointer = self.root / f"{store_id}.current"
            current = self._current_folder(store_id)
            pointer.unlink(missing_ok=True)
            if current is not None:
                shutil.rmtree(current, ignore_errors=True)

    def _current_folder(self, store_id: str) -> Path | None:
        pointer = self.root / f"{store_id}.current"
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        folder = self.root / name
        return folder if folder.is_dir() else None

    def _load(self, store_id: str) -> LexicalIndex | None:
        folder = self._current_folder(store_id)
        if folder is None:
            return None
        try:
            return LexicalIndex.load(folder)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("BM25 index for %s unreadable (%s); rebuilding", store_id, exc)
            return None

    def _save(self, store_id: str, index: LexicalIndex) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        previous = self._current_folder(store_id)
        folder = self.root / f"{store_id}-{uuid.uuid4().hex[:12]}"
        index.save(folder)
        pointer = self.root / f"{store_id}.current"
        partial = self.root / f"{store_id}.current.{uuid.uuid4().hex[:8]}"
        partial.write_text(folder.name, encoding="utf-8")
        partial.replace(pointer)
        if previous is not None and previous != folder:
            shutil.rmtree(previous, ignore_errors=True)
