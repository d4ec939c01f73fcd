"""A store's catalog mappings: the rules an export layout was read with, reused next time.

After a catalog file is imported, the profile and the merchant's rules are saved under the
fingerprint of its header. A later import of the same layout with no rules of its own is read
with the saved ones, so flags given once need not be given again.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import CatalogImportMapping, Store
from assistant.errors import SalesAssistantError
from retrieval.formats import catalog_format, file_format
from retrieval.parsers.base import decode_text
from retrieval.parsers.catalog_table import read_delimited, read_feed_xml
from retrieval.parsers.import_report import ImportReport, column_key
from retrieval.parsers.profiles.common import ImportRules
from retrieval.sources import SourceFile


def header_key(file: SourceFile) -> str | None:
    """The fingerprint of a catalog file's columns; None for JSON or an unreadable file."""
    if file.doc_type != "product":
        return None
    try:
        fmt = catalog_format(file_format(file.name_for_format))
        if fmt in ("json", "jsonl"):
            return None
        text = decode_text(file.source, file.data)
        table = (
            read_feed_xml(file.source, text)
            if fmt == "xml"
            else read_delimited(file.source, text, limit=0)
        )
    except SalesAssistantError:
        return None  # parsing proper reports it
    return column_key(table.header)


def saved_mapping(session: Session, store_id: str, key: str) -> CatalogImportMapping | None:
    """The mapping saved for this layout in this store, if any."""
    return session.scalar(
        select(CatalogImportMapping).where(
            CatalogImportMapping.store_id == store_id, CatalogImportMapping.column_key == key
        )
    )


def prepared_for_store(session: Session, store: Store, file: SourceFile) -> SourceFile:
    """A catalog file as the store reads it: its currency, and its saved rules if it has none."""
    if file.doc_type != "product":
        return file
    file = with_saved_rules(session, store.id, file)
    return replace(file, options=replace(file.options, currency=store.currency))


def with_saved_rules(session: Session, store_id: str, file: SourceFile) -> SourceFile:
    """The file with the rules saved for its layout, when it brings none of its own."""
    if not file.options.import_rules.is_default:
        return file
    key = header_key(file)
    found = saved_mapping(session, store_id, key) if key else None
    if found is None:
        return file
    rules = ImportRules.from_dict(found.rules)
    if rules.is_default:
        return file
    options = replace(
        file.options,
        column_map=dict(rules.column_map),
        profile=rules.profile,
        option_patterns=rules.option_patterns,
        exclude=rules.exclude,
        in_stock_quantity=rules.in_stock_quantity,
    )
    return replace(file, options=options)


def remember_mapping(session: Session, store_id: str, source: str, report: ImportReport) -> None:
    """Save how this layout was read (in the caller's transaction)."""
    if report.column_key is None:
        return
    found = saved_mapping(session, store_id, report.column_key)
    if found is None:
        found = CatalogImportMapping(store_id=store_id, column_key=report.column_key)
        session.add(found)
    found.profile = report.profile
    found.source = source[:500]
    found.rules = report.rules.as_dict()
