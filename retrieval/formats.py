"""Which parser reads a file, and the passages (and catalog rows) that come out of it.

document type   formats
product         CSV, TSV, XML feed, JSON, JSON Lines   (import profiles, column mapping)
faq             CSV, JSON, Markdown          (question/answer pairs)
                text, HTML, PDF, Markdown    (split at headings, when no pairs can be read)
policy, other   Markdown, text, HTML, PDF    (split at headings)

Files ingested without a type are typed by their content (`retrieval.content_typing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from assistant.catalog.schema import CatalogIn
from assistant.errors import IngestFormatError, UnsupportedMediaTypeError
from retrieval.chunking import (
    DEFAULT_MAX_TOKENS,
    Chunk,
    chunk_faq,
    chunk_products,
    chunk_sections,
)
from retrieval.parsers.base import FaqPair, RowError, decode_text, title_from_name
from retrieval.parsers.catalog import CatalogFormat, parse_catalog
from retrieval.parsers.faq import parse_faq_csv, parse_faq_json, parse_faq_markdown
from retrieval.parsers.html import parse_html
from retrieval.parsers.import_report import ImportReport
from retrieval.parsers.markdown import parse_markdown
from retrieval.parsers.pdf import parse_pdf
from retrieval.parsers.profiles.common import ImportRules
from retrieval.parsers.profiles.names import ProfileName
from retrieval.parsers.text import parse_text
from retrieval.results import DocType

FileFormat = Literal["markdown", "text", "html", "pdf", "csv", "tsv", "xml", "json", "jsonl"]
EXTENSIONS: dict[str, FileFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xml": "xml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MIME_TYPES: dict[FileFormat, str] = {
    "markdown": "text/markdown",
    "text": "text/plain",
    "html": "text/html",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/xml",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
}
FORMATS_BY_TYPE: dict[DocType, tuple[FileFormat, ...]] = {
    "product": ("csv", "tsv", "xml", "json", "jsonl"),
    "faq": ("csv", "json", "markdown", "text", "html", "pdf"),
    "policy": ("markdown", "text", "html", "pdf"),
    "other": ("markdown", "text", "html", "pdf"),
}

# Formats an FAQ is read from as question/answer pairs.
FAQ_PAIR_FORMATS: tuple[FileFormat, ...] = ("csv", "json", "markdown")
# Formats only a catalog is read from.
CATALOG_ONLY_FORMATS: tuple[FileFormat, ...] = ("tsv", "xml")


def catalog_format(fmt: FileFormat) -> CatalogFormat:
    """How the catalog parser reads a file of this format."""
    formats: dict[FileFormat, CatalogFormat] = {
        "csv": "csv",
        "tsv": "tsv",
        "xml": "xml",
        "jsonl": "jsonl",
    }
    return formats.get(fmt, "json")


@dataclass(frozen=True)
class ParseOptions:
    """How to read a file: the merchant's column names, and whether bad rows are skipped.

    Catalogs also take an import profile and its rules (see `ImportRules`).
    """

    column_map: Mapping[str, str] = field(default_factory=dict)
    skip_invalid: bool = False
    max_tokens: int = DEFAULT_MAX_TOKENS
    profile: ProfileName | None = None
    option_patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    in_stock_quantity: int | None = None
    currency: str | None = None

    @property
    def import_rules(self) -> ImportRules:
        """The catalog import rules these options carry."""
        return ImportRules(
            profile=self.profile,
            column_map=dict(self.column_map),
            option_patterns=self.option_patterns,
            exclude=self.exclude,
            in_stock_quantity=self.in_stock_quantity,
            currency=self.currency,
        )


@dataclass
class ParsedDocument:
    """A file turned into passages; catalogs also carry the rows for the relational tables."""

    title: str
    mime_type: str
    chunks: list[Chunk]
    catalog: CatalogIn | None = None
    rejected: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    import_report: ImportReport | None = None


def file_format(name: str) -> FileFormat:
    """The format a file name announces; anything else is 415."""
    suffix = PurePosixPath(name.lower()).suffix
    found = EXTENSIONS.get(suffix)
    if found is None:
        raise UnsupportedMediaTypeError(
            f"{name}: unsupported file type {suffix or '(none)'}; "
            f"supported: {', '.join(sorted(EXTENSIONS))}",
            details={"file": name},
        )
    return found


def check_supported(name: str, doc_type: DocType) -> FileFormat:
    """The file's format, if the document type can be read from it (415 otherwise)."""
    fmt = file_format(name)
    if fmt not in FORMATS_BY_TYPE[doc_type]:
        allowed = ", ".join(FORMATS_BY_TYPE[doc_type])
        raise UnsupportedMediaTypeError(
            f"{name}: a {doc_type} document must be one of: {allowed}",
            details={"file": name, "doc_type": doc_type},
        )
    return fmt


def guess_doc_type(name: str) -> DocType:
    """A document type from a path, for folders ingested without --type."""
    lowered = name.lower()
    fmt = file_format(name)
    stem = PurePosixPath(lowered).stem
    if "faq" in stem or "question" in stem:
        return "faq"
    if fmt in ("csv", "json", "jsonl") or fmt in CATALOG_ONLY_FORMATS:
        return "product"
    if "polic" in lowered or any(
        word in stem for word in ("return", "shipping", "warranty", "privacy", "terms", "refund")
    ):
        return "policy"
    return "other"


def _faq_pairs(
    name: str, text: str, fmt: FileFormat, options: ParseOptions
) -> tuple[str, list[FaqPair], list[RowError]] | None:
    """Title, pairs and bad rows of an FAQ file; None for Markdown without question headings
    (an FAQ written as "Q:" lines is read by its paragraphs, like any text)."""
    if fmt == "markdown":
        try:
            title, pairs = parse_faq_markdown(name, text)
        except IngestFormatError:
            return None
        return title, pairs, []
    reader = parse_faq_csv if fmt == "csv" else parse_faq_json
    pairs, rejected = reader(name, text, options.column_map, skip_invalid=options.skip_invalid)
    return title_from_name(name), pairs, rejected


def parse_document(
    name: str, data: bytes, doc_type: DocType, options: ParseOptions | None = None
) -> ParsedDocument:
    """Read one file into passages (raises IngestFormatError / UnsupportedMediaTypeError)."""
    options = options or ParseOptions()
    fmt = check_supported(name, doc_type)
    mime = MIME_TYPES[fmt]
    if fmt == "pdf":
        title, sections = parse_pdf(name, data)
        return ParsedDocument(title, mime, chunk_sections(title, sections, options.max_tokens))
    text = decode_text(name, data)
    if doc_type == "product":
        parsed = parse_catalog(
            name,
            text,
            catalog_format(fmt),
            skip_invalid=options.skip_invalid,
            rules=options.import_rules,
        )
        return ParsedDocument(
            title_from_name(name),
            mime,
            chunk_products(parsed.catalog),
            catalog=parsed.catalog,
            rejected=parsed.rejected,
            ignored_columns=parsed.ignored_columns,
            import_report=parsed.report,
        )
    faq = (
        _faq_pairs(name, text, fmt, options)
        if doc_type == "faq" and fmt in FAQ_PAIR_FORMATS
        else None
    )
    if faq is not None:
        title, pairs, rejected = faq
        return ParsedDocument(title, mime, chunk_faq(title, pairs), rejected=rejected)
    if fmt == "html":
        title, sections = parse_html(name, text)
    elif fmt == "markdown":
        title, sections = parse_markdown(name, text)
    else:
        title, sections = parse_text(name, text)
    return ParsedDocument(title, mime, chunk_sections(title, sections, options.max_tokens))
