"""What goes into ingestion (a source file) and what comes out (an outcome per file), and the
hashes that make ingestion idempotent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.errors import SalesAssistantError
from retrieval.chroma_store import MetadataValue
from retrieval.chunking import Chunk
from retrieval.formats import ParseOptions
from retrieval.parsers.base import RowError
from retrieval.parsers.import_report import ImportReport
from retrieval.results import DocType

OutcomeStatus = Literal["added", "replaced", "unchanged", "rejected", "failed"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest: its source name (unique in the store), bytes and document type.

    `doc_type_reason` says why a type guessed from the content was chosen (None when given).
    """

    source: str
    data: bytes
    doc_type: DocType
    options: ParseOptions = field(default_factory=ParseOptions)
    filename: str | None = None
    doc_type_reason: str | None = None

    @property
    def name_for_format(self) -> str:
        """The name whose extension says how to read the bytes (a replacement may differ)."""
        return self.filename or self.source


@dataclass
class IngestOutcome:
    """What happened to one file."""

    source: str
    status: OutcomeStatus
    doc_type: DocType
    document_id: str | None = None
    version: int | None = None
    passages: int = 0
    error: str | None = None
    error_details: dict[str, Any] = field(default_factory=dict)
    skipped_rows: list[RowError] = field(default_factory=list)
    products_added: int = 0
    products_updated: int = 0
    import_report: ImportReport | None = None
    doc_type_reason: str | None = None
    exception: SalesAssistantError | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """For job results and JSON output."""
        return {
            "source": self.source,
            "status": self.status,
            "doc_type": self.doc_type,
            "doc_type_reason": self.doc_type_reason,
            "document_id": self.document_id,
            "version": self.version,
            "passages": self.passages,
            "error": self.error,
            "error_details": self.error_details or None,
            "skipped_rows": [row.as_dict() for row in self.skipped_rows],
            "products_added": self.products_added,
            "products_updated": self.products_updated,
            "import_report": self.import_report.as_dict() if self.import_report else None,
        }


def content_hash(file: SourceFile) -> str:
    """SHA-256 over the bytes and everything that changes how they are read."""
    digest = hashlib.sha256()
    settings = {
        "doc_type": file.doc_type,
        "column_map": dict(sorted(file.options.column_map.items())),
        "skip_invalid": file.options.skip_invalid,
        "max_tokens": file.options.max_tokens,
    }
    rules = file.options.import_rules
    if not rules.is_default:
        settings["import_rules"] = rules.as_dict()
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(b"\0")
    digest.update(file.data)
    return digest.hexdigest()


def vector_metadata(
    document_id: str, version: int, position: int, doc_type: str, meta: dict[str, Any]
) -> dict[str, MetadataValue]:
    """What Chroma stores beside a vector: enough to filter and to check the version."""
    metadata: dict[str, MetadataValue] = {
        "document_id": document_id,
        "version": version,
        "position": position,
        "doc_type": doc_type,
    }
    for key in ("category", "product_handle"):
        if meta.get(key):
            metadata[key] = str(meta[key])
    return metadata


def text_hash(chunk: Chunk) -> str:
    """Identifies what the embedder reads, so unchanged passages keep their vectors."""
    return hashlib.sha1(chunk.indexed_text().encode()).hexdigest()[:20]
