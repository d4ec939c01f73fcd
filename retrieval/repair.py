"""Bringing the vector store back in line with the passages table.

Chroma can lose its files, and a new embedding model starts with an empty collection of its
own. The passages table still holds every active passage, so the vectors can be rebuilt from it.
"""

from __future__ import annotations

from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import Document
from retrieval.chroma_store import ChromaStore
from retrieval.chunking import indexed_text
from retrieval.documents import active_passages
from retrieval.embeddings.base import Embedder
from retrieval.sources import vector_metadata

BATCH = 256


def vectors_complete(database: Database, vectors: ChromaStore, store_id: str) -> bool:
    """Whether Chroma holds at least as many vectors as the store has active passages."""
    with database.session() as session:
        expected = session.scalar(
            select(func.coalesce(func.sum(Document.chunk_count), 0)).where(
                Document.store_id == store_id, Document.active_version.is_not(None)
            )
        )
    return vectors.count(store_id) >= int(expected or 0)


def reindex_vectors(
    database: Database, embedder: Embedder, vectors: ChromaStore, store_id: str
) -> int:
    """Make Chroma hold exactly the active passages' vectors; returns how many were embedded."""
    with database.session() as session:
        rows = active_passages(session, store_id)
    present = vectors.ids(store_id)
    wanted = {row.id for row in rows}
    missing = [row for row in rows if row.id not in present]
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        embedded = embedder.embed_documents(
            [indexed_text(row.title, row.section, row.text) for row in batch]
        )
        metadatas = [
            vector_metadata(row.document_id, row.version, row.position, row.doc_type, row.meta)
            for row in batch
        ]
        vectors.add(store_id, [row.id for row in batch], embedded, metadatas)
    vectors.delete_ids(store_id, sorted(present - wanted))
    return len(missing)
