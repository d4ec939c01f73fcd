"""The ingestion pipeline: parse, version, embed, index, then activate in one step.

For each file of a batch:
1. parse and chunk it (a bad file is rejected before anything is written);
2. compare its content hash: the same content already active is "unchanged" and touches
   nothing; otherwise the document gets a new version, marked `indexing`;
3. write the new version's passages to the database and their vectors to Chroma (vectors of
   passages whose text did not change are copied from the active version, not re-embedded).
Then the store's BM25 index is rebuilt once for the batch, and each document's new version is
activated in one transaction, together with its catalog rows for product files. Only after
that are the old version's passages removed.

A crash at any point leaves the active version untouched; running the same ingest again
removes the leftovers and completes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.catalog.upsert import apply_catalog
from assistant.db import Database
from assistant.domain import Document
from assistant.errors import IngestFormatError, PayloadTooLargeError, SalesAssistantError
from assistant.stores import get_store
from retrieval.bm25_index import Bm25Indexes
from retrieval.chroma_store import ChromaStore
from retrieval.chunking import Chunk
from retrieval.documents import (
    find_document,
    get_document,
    lexical_passages,
    passage_id,
    passages_of,
    remove_document,
    stale_versions_removed,
    write_passages,
)
from retrieval.embeddings.base import Embedder, Vectors
from retrieval.formats import ParsedDocument, parse_document
from retrieval.import_mappings import prepared_for_store, remember_mapping
from retrieval.sources import (
    IngestOutcome,
    OutcomeStatus,
    Progress,
    SourceFile,
    content_hash,
    text_hash,
    vector_metadata,
)

log = logging.getLogger(__name__)
__all__ = [
    "IngestOutcome",
    "Ingestor",
    "OutcomeStatus",
    "Progress",
    "SourceFile",
    "content_hash",
    "text_hash",
    "vector_metadata",
]


@dataclass
class _Pending:
    """A file whose new version is indexed but not yet active."""

    outcome: IngestOutcome
    parsed: ParsedDocument
    document_id: str
    version: int


class Ingestor:
    """Runs the pipeline against one database, one embedder and the two indexes."""

    def __init__(
        self,
        database: Database,
        embedder: Embedder,
        vectors: ChromaStore,
        lexical: Bm25Indexes,
        *,
        max_bytes: int,
    ) -> None:
        self.database = database
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical
        self.max_bytes = max_bytes
        self._store_locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def store_lock(self, store_id: str) -> threading.Lock:
        """The lock that serialises changes to one store's indexes in this process."""
        with self._locks_guard:
            return self._store_locks.setdefault(store_id, threading.Lock())

    def ingest(
        self,
        store_id: str,
        files: Sequence[SourceFile],
        progress: Progress | None = None,
    ) -> list[IngestOutcome]:
        """Ingest a batch of files into a store; every file gets an outcome, none raises."""
        with self.database.session() as session:
            store = get_store(session, store_id)
            files = [prepared_for_store(session, store, file) for file in files]
        with self.store_lock(store_id):
            outcomes: list[IngestOutcome] = []
            pending: list[_Pending] = []
            parsed_files = [(file, self._parse(file)) for file in files]
            total = sum(
                len(parsed.chunks)
                for _f, parsed in parsed_files
                if isinstance(parsed, ParsedDocument)
            )
            done = 0
            for file, parsed in parsed_files:
                if isinstance(parsed, IngestOutcome):
                    outcomes.append(parsed)
                    continue
                item = self._stage(store_id, file, parsed)
                outcomes.append(item.outcome if isinstance(item, _Pending) else item)
                outcomes[-1].import_report = parsed.import_report
                if isinstance(item, _Pending):
                    self._index_version(store_id, item, progress, done, total)
                    if item.outcome.status != "failed":
                        pending.append(item)
                done += len(parsed.chunks)
                if progress is not None:
                    progress(done, total, file.source)
            if pending:
                self._rebuild_lexical(store_id)
                for item in pending:
                    self._activate(store_id, item)
            for file, outcome in zip(files, outcomes, strict=True):
                outcome.doc_type_reason = file.doc_type_reason
            return outcomes

    # --- stages ------------------------------------------------------------------------------

    def _parse(self, file: SourceFile) -> ParsedDocument | IngestOutcome:
        try:
            if len(file.data) > self.max_bytes:
                raise PayloadTooLargeError(
                    f"{file.source}: {len(file.data)} bytes is over the {self.max_bytes} limit",
                    details={"file": file.source, "limit": self.max_bytes},
                )
            parsed = parse_document(file.name_for_format, file.data, file.doc_type, file.options)
            if not parsed.chunks:
                raise IngestFormatError(
                    f"{file.source}: no text to index", details={"file": file.source}
                )
        except SalesAssistantError as exc:
            return IngestOutcome(
                file.source,
                "rejected",
                file.doc_type,
                error=exc.message,
                error_details=exc.details,
                exception=exc,
            )
        return parsed

    def _stage(
        self, store_id: str, file: SourceFile, parsed: ParsedDocument
    ) -> _Pending | IngestOutcome:
        """Decide unchanged / added / replaced, and open the new version."""
        digest = content_hash(file)
        with self.database.transaction() as session:
            document = session.scalar(
                select(Document)
                .where(Document.store_id == store_id, Document.source == file.source)
                .with_for_update()
            )
            if (
                document is not None
                and document.content_hash == digest
                and document.status == "ready"
                and document.active_version == document.version
            ):
                return IngestOutcome(
                    file.source,
                    "unchanged",
                    file.doc_type,
                    document_id=document.id,
                    version=document.version,
                    passages=document.chunk_count,
                )
            status: OutcomeStatus = "added"
            if document is None:
                document = Document(
                    store_id=store_id,
                    source=file.source,
                    doc_type=file.doc_type,
                    title=parsed.title[:300],
                    content_hash=digest,
                    version=0,
                )
                session.add(document)
                session.flush()
            elif document.active_version is not None:
                status = "replaced"
            stale_versions_removed(session, document)
            document.version = (document.version or 0) + 1
            document.doc_type = file.doc_type
            document.title = parsed.title[:300]
            document.mime_type = parsed.mime_type
            document.content_hash = digest
            document.size_bytes = len(file.data)
            document.status = "indexing"
            document.error = None
            session.flush()
            document_id, version, active = document.id, document.version, document.active_version
        self.vectors.delete_document(store_id, document_id, keep_version=active)
        outcome = IngestOutcome(
            file.source,
            status,
            file.doc_type,
            document_id=document_id,
            version=version,
            passages=len(parsed.chunks),
            skipped_rows=list(parsed.rejected),
        )
        return _Pending(outcome, parsed, document_id, version)

    def _index_version(
        self, store_id: str, item: _Pending, progress: Progress | None, done: int, total: int
    ) -> None:
        """Passages to the database, vectors to Chroma; on failure the document is `failed`."""
        chunks = item.parsed.chunks
        hashes = [text_hash(chunk) for chunk in chunks]
        try:
            with self.database.transaction() as session:
                document = session.get(Document, item.document_id)
                assert document is not None
                reusable = self._reusable_ids(session, document)
                rows = write_passages(
                    session,
                    document,
                    item.version,
                    [
                        Chunk(c.title, c.section, c.text, c.token_count, {**c.meta, "text_hash": h})
                        for c, h in zip(chunks, hashes, strict=True)
                    ],
                )
                metadatas = [
                    vector_metadata(
                        row.document_id, row.version, row.position, row.doc_type, row.meta
                    )
                    for row in rows
                ]
            vectors = self._vectors_for(
                store_id, item.outcome.source, chunks, hashes, reusable, progress, done, total
            )
            ids = [passage_id(item.document_id, item.version, p) for p in range(len(chunks))]
            self.vectors.add(store_id, ids, vectors, metadatas)
        except SalesAssistantError as exc:
            self._fail(item, exc.message, exc)
        except Exception as exc:  # an index or model failure must not leave 'indexing' behind
            log.exception("indexing %s failed", item.outcome.source)
            self._fail(item, f"indexing failed: {type(exc).__name__}")

    def _reusable_ids(self, session: Session, document: Document) -> dict[str, str]:
        if document.active_version is None:
            return {}
        return {
            str(row.meta.get("text_hash")): row.id
            for row in passages_of(session, document.id, document.active_version)
            if row.meta.get("text_hash")
        }

    def _vectors_for(
        self,
        store_id: str,
        source: str,
        chunks: Sequence[Chunk],
        hashes: Sequence[str],
        reusable: dict[str, str],
        progress: Progress | None,
        done: int,
        total: int,
    ) -> Vectors:
        out = np.zeros((len(chunks), self.embedder.dimension), dtype=np.float32)
        old = self.vectors.vectors(store_id, [reusable[h] for h in hashes if h in reusable])
        missing = []
        for row, digest in enumerate(hashes):
            previous = old.get(reusable.get(digest, ""))
            if previous is not None and previous.shape[0] == out.shape[1]:
                out[row] = previous
            else:
                missing.append(row)
        step = 256
        for start in range(0, len(missing), step):
            rows = missing[start : start + step]
            out[rows] = self.embedder.embed_documents([chunks[r].indexed_text() for r in rows])
            if progress is not None:
                progress(done + start + len(rows), total, source)
        return out

    def _fail(self, item: _Pending, message: str, exc: SalesAssistantError | None = None) -> None:
        item.outcome.status = "failed"
        item.outcome.error = message
        item.outcome.exception = exc
        with self.database.transaction() as session:
            document = session.get(Document, item.document_id)
            if document is not None:
                document.status = "failed"
                document.error = message[:2000]

    def _rebuild_lexical(self, store_id: str) -> None:
        with self.database.session() as session:
            passages = lexical_passages(session, store_id)
        self.lexical.rebuild(store_id, passages)

    def _activate(self, store_id: str, item: _Pending) -> None:
        """Flip the active version (and apply catalog rows) in one transaction."""
        try:
            with self.database.transaction() as session:
                document = session.get(Document, item.document_id)
                if document is None or document.version != item.version:
                    raise IngestFormatError(f"{item.outcome.source}: replaced while indexing")
                if item.parsed.catalog is not None:
                    changes = apply_catalog(session, store_id, item.parsed.catalog)
                    item.outcome.products_added = changes.products_added
                    item.outcome.products_updated = changes.products_updated
                if item.parsed.import_report is not None:
                    remember_mapping(
                        session, store_id, item.outcome.source, item.parsed.import_report
                    )
                document.active_version = item.version
                document.status = "ready"
                document.chunk_count = len(item.parsed.chunks)
                document.error = None
                session.flush()
                stale_versions_removed(session, document)
        except SalesAssistantError as exc:
            self._fail(item, exc.message, exc)
            return
        except Exception as exc:  # e.g. a constraint the catalog breaks in this store
            log.exception("activating %s failed", item.outcome.source)
            self._fail(item, f"activation failed: {type(exc).__name__}")
            return
        self.vectors.delete_document(store_id, item.document_id, keep_version=item.version)

    # --- deletion ----------------------------------------------------------------------------

    def delete(self, store_id: str, document_id: str) -> None:
        """Remove a document, its passages and its vectors; BM25 is rebuilt without it."""
        with self.store_lock(store_id):
            with self.database.transaction() as session:
                remove_document(session, get_document(session, store_id, document_id))
            self.vectors.delete_document(store_id, document_id, keep_version=None)
            self._rebuild_lexical(store_id)

    def find(self, store_id: str, source: str) -> str | None:
        """The id of the store's document with this source, if any."""
        with self.database.session() as session:
            document = find_document(session, store_id, source)
            return document.id if document else None
