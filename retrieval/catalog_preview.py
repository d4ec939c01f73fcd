"""A dry run of a catalog import: what would be read, and every problem, with nothing written."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assistant.errors import IngestFormatError
from assistant.stores import get_store
from retrieval.formats import catalog_format, check_supported
from retrieval.import_mappings import header_key, prepared_for_store, saved_mapping
from retrieval.parsers.base import RowError, decode_text
from retrieval.parsers.catalog import read_catalog
from retrieval.parsers.import_report import ImportReport
from retrieval.sources import SourceFile


@dataclass
class CatalogPreview:
    """The import report of a file, and the saved mapping it was read with (if one applied)."""

    source: str
    report: ImportReport
    saved_from: str | None = None

    @property
    def would_import(self) -> bool:
        """True when a real import would accept the file as it is."""
        return not self.report.problems and self.report.products > 0


def preview_catalog(session: Session, store_id: str, file: SourceFile) -> CatalogPreview:
    """Read a catalog file as an import would (saved mapping included), writing nothing.

    A file that cannot be read at all becomes a report with that one problem; an unsupported
    file type still raises (it is not a catalog).
    """
    fmt = catalog_format(check_supported(file.name_for_format, "product"))
    recalled = prepared_for_store(session, get_store(session, store_id), file)
    saved_from = None
    given, used = file.options.import_rules, recalled.options.import_rules
    if given.is_default and not used.is_default:
        key = header_key(file)
        found = saved_mapping(session, store_id, key) if key else None
        saved_from = found.source if found is not None else None
    rules = used
    try:
        text = decode_text(file.source, file.data)
        parsed = read_catalog(file.source, text, fmt, rules)
    except IngestFormatError as exc:
        problem = RowError(
            file.source,
            exc.details.get("line"),
            exc.details.get("column"),
            exc.message,
        )
        listed = [
            RowError(e["file"], e["line"], e["column"], e["message"], e.get("column_number"))
            for e in exc.details.get("errors", [])
        ]
        report = ImportReport(rules.profile or "unknown", "the file could not be read")
        report.problems = listed or [problem]
        report.rules = rules
        return CatalogPreview(file.source, report, saved_from)
    assert parsed.report is not None  # read_catalog always reports
    if not parsed.catalog.products and not parsed.report.problems:
        parsed.report.problems.append(RowError(file.source, None, None, "no products found"))
    return CatalogPreview(file.source, parsed.report, saved_from)
