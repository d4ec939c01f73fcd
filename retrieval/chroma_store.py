"""Dense vectors in Chroma: one collection per store (and embedding model), cosine distance.

Embedded `PersistentClient` under the data directory by default; `HttpClient` when a Chroma
server URL is set (needed when several processes serve one store). Telemetry is off, and the
project always passes its own vectors: Chroma's default embedding function would try to
download a model.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings
from assistant.errors import UpstreamError
from retrieval.embeddings.base import Vectors

MetadataValue = str | int | float | bool
Where = dict[str, Any]
_ADD_BATCH = 2_000


@dataclass(frozen=True)
class DenseMatch:
    """A nearest neighbour: passage id and cosine similarity."""

    passage_id: str
    similarity: float


def make_client(settings: Settings) -> Any:
    """The Chroma client Settings ask for."""
    options = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        ssl = url.scheme == "https"
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if ssl else 8000),
                ssl=ssl,
                settings=options,
            )
        except Exception as exc:  # the client raises several types when the server is away
            raise UpstreamError(f"Chroma server at {settings.chroma_url} is not reachable") from exc
    path = settings.resolved_chroma_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=options)


class ChromaStore:
    """Per-store collections of passage vectors for one embedding model."""

    def __init__(self, client: Any, model_slug: str) -> None:
        self._client = client
        self._slug = model_slug
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, model_slug: str) -> ChromaStore:
        """A store on the client Settings choose."""
        return cls(make_client(settings), model_slug)

    def collection_name(self, store_id: str) -> str:
        """'sa-<store>-<model>': a new model gets a new collection, never mixed vectors."""
        return f"sa-{store_id}-{self._slug}"

    def _collection(self, store_id: str) -> Any:
        collection = self._collections.get(store_id)
        if collection is None:
            with self._lock:
                collection = self._collections.get(store_id)
                if collection is None:
                    collection = self._client.get_or_create_collection(
                        self.collection_name(store_id),
                        configuration={"hnsw": {"space": "cosine"}},
                        embedding_function=None,
                    )
                    self._collections[store_id] = collection
        return collection

    def add(
        self,
        store_id: str,
        ids: Sequence[str],
        vectors: Vectors,
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> None:
        """Insert (or overwrite) vectors with their metadata."""
        collection = self._collection(store_id)
        for start in range(0, len(ids), _ADD_BATCH):
            end = start + _ADD_BATCH
            collection.upsert(
                ids=list(ids[start:end]),
                embeddings=np.asarray(vectors[start:end], dtype=np.float32),
                metadatas=[dict(metadata) for metadata in metadatas[start:end]],
            )

    def query(
        self, store_id: str, vector: Vectors, limit: int, where: Where | None = None
    ) -> list[DenseMatch]:
        """Nearest passages by cosine similarity, best first.

        Metadata is used for `where` but not returned: reading it back costs more than the
        search itself, and the caller already knows each passage from its id.
        """
        collection = self._collection(store_id)
        result = collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32)[None, :],
            n_results=limit,
            where=where,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else []
        return [
            DenseMatch(passage_id, 1.0 - float(distance))
            for passage_id, distance in zip(ids, distances, strict=True)
        ]

    def vectors(self, store_id: str, ids: Sequence[str]) -> dict[str, Vectors]:
        """Stored vectors by passage id (ids not stored are left out)."""
        if not ids:
            return {}
        result = self._collection(store_id).get(ids=list(ids), include=["embeddings"])
        embeddings = result["embeddings"]
        if embeddings is None:
            return {}
        return {
            passage_id: np.asarray(vector, dtype=np.float32)
            for passage_id, vector in zip(result["ids"], embeddings, strict=True)
        }

    def delete_document(self, store_id: str, document_id: str, keep_version: int | None) -> None:
        """Remove a document's vectors, all versions or every version but `keep_version`."""
        where: Where = {"document_id": document_id}
        if keep_version is not None:
            where = {"$and": [where, {"version": {"$ne": keep_version}}]}
        self._collection(store_id).delete(where=where)

    def delete_ids(self, store_id: str, ids: Sequence[str]) -> None:
        """Remove vectors by passage id."""
        if ids:
            self._collection(store_id).delete(ids=list(ids))

    def count(self, store_id: str) -> int:
        """Vectors in the store's collection."""
        return int(self._collection(store_id).count())

    def ids(self, store_id: str) -> set[str]:
        """Every passage id in the store's collection."""
        return set(self._collection(store_id).get(include=[])["ids"])

    def drop_store(self, store_id: str) -> None:
        """Delete the store's collection."""
        with self._lock:
            self._collections.pop(store_id, None)
            try:
                self._client.delete_collection(self.collection_name(store_id))
            except Exception:  # already gone is what we wanted
                return
