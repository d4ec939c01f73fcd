"""Documents and passages in the database: versions, activation, and what search may see.

A document's passages are written under a new version while the old version stays active;
`active_version` then moves in one transaction. A search only ever returns passages whose
version is their document's active version, so a shopper sees the old document or the new
one, never both and never neither. Versions that are not active (an interrupted ingest, or the
previous version after a replace) are removed by the next ingest of the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session

from assistant.domain import Document, Passage
from assistant.errors import NotFoundError
from retrieval.bm25_index import LexicalPassage
from retrieval.chunking import Chunk, indexed_text
from retrieval.results import DocType


class DocumentPublic(BaseModel):
    """A document as the merchant sees it: status, version and passage count."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    store_id: str
    doc_type: DocType
    title: str
    source: str
    mime_type: str | None
    content_hash: str
    size_bytes: int
    version: int
    active_version: int | None
    status: str
    chunk_count: int
    error: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StoredPassage:
    """A passage of an active version, with its document's citation fields."""

    passage_id: str
    document_id: str
    version: int
    position: int
    doc_type: str
    title: str
    section: str | None
    text: str
    meta: dict[str, Any]
    source: str
    document_title: str


def passage_id(document_id: str, version: int, position: int) -> str:
    """Stable id of a passage: the same document, version and position give the same id."""
    return f"{document_id}-{version}-{position}"


def find_document(session: Session, store_id: str, source: str) -> Document | None:
    """The store's document with this source, if any."""
    return session.scalar(
        select(Document).where(Document.store_id == store_id, Document.source == source)
    )


def get_document(session: Session, store_id: str, document_id: str) -> Document:
    """The store's document, or NotFoundError (also for another store's document)."""
    document = session.get(Document, document_id)
    if document is None or document.store_id != store_id:
        raise NotFoundError(f"no document {document_id!r} in this store")
    return document


def list_documents(
    session: Session, store_id: str, doc_type: DocType | None = None
) -> list[Document]:
    """The store's documents, newest first."""
    query = select(Document).where(Document.store_id == store_id)
    if doc_type is not None:
        query = query.where(Document.doc_type == doc_type)
    return list(session.scalars(query.order_by(Document.created_at.desc(), Document.id)))


def active_versions(session: Session, store_id: str) -> dict[str, int]:
    """{document id: active version} for every searchable document of the store."""
    rows = session.execute(
        select(Document.id, Document.active_version).where(
            Document.store_id == store_id, Document.active_version.is_not(None)
        )
    )
    return {document_id: int(version or 0) for document_id, version in rows}


def stale_versions_removed(session: Session, document: Document) -> None:
    """Delete passages of every version but the active one (left by a crash or a replace)."""
    condition = Passage.document_id == document.id
    if document.active_version is not None:
        condition = and_(condition, Passage.version != document.active_version)
    session.execute(delete(Passage).where(condition))


def remove_document(session: Session, document: Document) -> None:
    """Delete a document and every passage of every version."""
    session.execute(delete(Passage).where(Passage.document_id == document.id))
    session.delete(document)
    session.flush()


def write_passages(
    session: Session, document: Document, version: int, chunks: Sequence[Chunk]
) -> list[Passage]:
    """Insert the passages of a (not yet active) version."""
    rows = [
        Passage(
            id=passage_id(document.id, version, position),
            store_id=document.store_id,
            document_id=document.id,
            version=version,
            position=position,
            doc_type=document.doc_type,
            title=chunk.title[:300],
            section=chunk.section[:300] if chunk.section else None,
            text=chunk.text,
            token_count=chunk.token_count,
            meta=dict(chunk.meta),
        )
        for position, chunk in enumerate(chunks)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def passages_of(session: Session, document_id: str, version: int) -> list[Passage]:
    """One version's passages in order."""
    return list(
        session.scalars(
            select(Passage)
            .where(Passage.document_id == document_id, Passage.version == version)
            .order_by(Passage.position)
        )
    )


def lexical_passages(session: Session, store_id: str) -> list[LexicalPassage]:
    """Every passage row of the store, as the BM25 index reads them."""
    rows = session.execute(
        select(
            Passage.id,
            Passage.document_id,
            Passage.version,
            Passage.doc_type,
            Passage.title,
            Passage.section,
            Passage.text,
            Passage.meta,
        )
        .where(Passage.store_id == store_id)
        .order_by(Passage.document_id, Passage.version, Passage.position)
    )
    return [
        LexicalPassage(
            passage_id=row.id,
            document_id=row.document_id,
            version=row.version,
            doc_type=row.doc_type,
            category=(row.meta or {}).get("category"),
            product_handle=(row.meta or {}).get("product_handle"),
            text=indexed_text(row.title, row.section, row.text),
        )
        for row in rows
    ]


def active_passages(session: Session, store_id: str) -> list[Passage]:
    """Every passage search may return in the store (active versions only)."""
    return list(
        session.scalars(
            select(Passage)
            .join(
                Document,
                and_(
                    Document.id == Passage.document_id,
                    Document.active_version == Passage.version,
                ),
            )
            .where(Document.store_id == store_id)
            .order_by(Passage.document_id, Passage.position)
        )
    )


def fetch_active(session: Session, store_id: str, ids: Iterable[str]) -> dict[str, StoredPassage]:
    """The passages among `ids` that belong to their document's active version, in one query."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Passage, Document.source, Document.title)
        .join(
            Document,
            and_(Document.id == Passage.document_id, Document.active_version == Passage.version),
        )
        # The store is checked on the (few) documents: a condition on passages.store_id would
        # lead SQLite to scan the store's passages instead of looking the ids up.
        .where(Passage.id.in_(wanted), Document.store_id == store_id)
    )
    found = {}
    for passage, source, document_title in rows:
        found[passage.id] = StoredPassage(
            passage_id=passage.id,
            document_id=passage.document_id,
            version=passage.version,
            position=passage.position,
            doc_type=passage.doc_type,
            title=passage.title,
            section=passage.section,
            text=passage.text,
            meta=dict(passage.meta or {}),
            source=source,
            document_title=document_title,
        )
    return found
