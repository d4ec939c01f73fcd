"""A catalog file as a table: a header and rows of cells, each row with its line in the file.

Comma- and tab-separated files (Merchant Center's TSV feeds) and XML product feeds (RSS 2.0
`<item>` or Atom `<entry>` elements, Google's `g:` namespace) all come out the same way, so an
import profile maps columns without caring how the file was written.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.errors import IngestFormatError
from retrieval.parsers.base import RowError, raise_row_errors

_ITEM_START = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]")
_FEED_ITEMS = ("item", "entry")


@dataclass
class CatalogTable:
    """Header, rows (cell per header column) and the line each row starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)

    def column(self, name: str) -> Iterator[str]:
        """Each row's value in one column, in file order (read lazily: callers stop early)."""
        index = self.header.index(name)
        return (cells[index] if index < len(cells) else "" for _line, cells in self.rows)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Rows as {column: value}."""
        return [
            (line, {name: cells[i] if i < len(cells) else "" for i, name in enumerate(self.header)})
            for line, cells in self.rows
        ]


def delimiter_of(first_line: str) -> str:
    """Tab when the header is tab-separated (Merchant Center TSV), comma otherwise."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_delimited(file: str, text: str, limit: int | None = None) -> CatalogTable:
    """A CSV or TSV file (its first `limit` rows); a row with more cells than the header is a
    located problem."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first_line))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise IngestFormatError(f"{file}: the file is empty", details={"file": file}) from None
    except csv.Error as exc:
        raise_row_errors([RowError(file, 1, None, f"not valid CSV: {exc}")])
        raise  # unreachable: raise_row_errors raised
    table = CatalogTable(header)
    line = 1
    try:
        for record in reader:
            if limit is not None and len(table.rows) >= limit:
                break
            start = line + 1
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                table.problems.append(RowError(file, start, None, "more cells than header columns"))
                continue
            table.rows.append((start, record))
    except csv.Error as exc:
        table.problems.append(RowError(file, reader.line_num, None, f"not valid CSV: {exc}"))
    return table


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_feed_xml(file: str, text: str) -> CatalogTable:
    """An XML product feed: each `<item>`/`<entry>` a row, its child elements the columns.

    Document type declarations are refused: a product feed has no use for entities, and
    refusing them keeps entity expansion out of the parser.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise IngestFormatError(
            f"{file}: XML feeds with a DOCTYPE or entities are not accepted",
            details={"file": file},
        )
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise IngestFormatError(
            f"{file}, line {line}, column {column + 1}: not valid XML: {exc}",
            details={"file": file, "line": line, "column": column + 1},
        ) from None
    items = [element for element in root.iter() if _local(element.tag) in _FEED_ITEMS]
    if not items:
        raise IngestFormatError(
            f"{file}: no <item> or <entry> elements; expected an RSS 2.0 or Atom product feed",
            details={"file": file},
        )
    lines = [text.count("\n", 0, match.start()) + 1 for match in _ITEM_START.finditer(text)]
    header: list[str] = []
    values: list[dict[str, str]] = []
    for item in items:
        record: dict[str, str] = {}
        for child in item:
            name = _local(child.tag)
            if len(child):
                name = name + " (nested)"
            value = " ".join("".join(child.itertext()).split())
            if name in record:
                record[name] = f"{record[name]}|{value}" if value else record[name]
            else:
                record[name] = value
            if name not in header:
                header.append(name)
        values.append(record)
    table = CatalogTable(header)
    for index, record in enumerate(values):
        line = lines[index] if index < len(lines) else 1
        table.rows.append((line, [record.get(name, "") for name in header]))
    return table
