"""What every parser produces: a title and sections of text (or a catalog), and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.catalog.schema import CatalogIn
from assistant.errors import IngestFormatError

if TYPE_CHECKING:
    from retrieval.parsers.import_report import ImportReport

MAX_REPORTED_ERRORS = 20


@dataclass(frozen=True)
class Section:
    """A run of text under one heading (None before the first heading)."""

    heading: str | None
    body: str


@dataclass(frozen=True)
class FaqPair:
    """A question and its answer; they always stay in one passage."""

    question: str
    answer: str
    topic: str | None = None


@dataclass(frozen=True)
class RowError:
    """One bad record: where it is and what is wrong, in the merchant's own column names."""

    file: str
    line: int | None
    column: str | None
    message: str
    column_number: int | None = None

    def describe(self) -> str:
        """'catalog.csv, line 7, column 'price': ...' (JSON adds the character column)."""
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None and self.column_number is not None:
            where.append(f"column {self.column_number} ({self.column!r})")
        elif self.column is not None:
            where.append(f"column {self.column!r}")
        elif self.column_number is not None:
            where.append(f"column {self.column_number}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """For error details and job results."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "column_number": self.column_number,
            "message": self.message,
        }


@dataclass
class ParsedCatalog:
    """A catalog file read into the documented schema, with the records it had to skip."""

    catalog: CatalogIn
    rejected: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    report: ImportReport | None = None


def raise_row_errors(errors: list[RowError]) -> None:
    """Raise one IngestFormatError naming the first problem and listing up to 20."""
    if not errors:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise IngestFormatError(
        first.describe() + more,
        details={
            "file": first.file,
            "line": first.line,
            "column": first.column,
            "errors": [error.as_dict() for error in errors[:MAX_REPORTED_ERRORS]],
        },
    )


def decode_text(file: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is a located format error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise IngestFormatError(
            f"{file}, line {line}, column {column}: the file is not UTF-8 text",
            details={"file": file, "line": line, "column": column},
        ) from None


def title_from_name(file: str) -> str:
    """A readable title from a file name: 'size-guide.md' -> 'Size guide'."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = stem.replace("_", " ").replace("-", " ").strip()
    if words.lower() in ("faq", "faqs"):
        return words.upper().replace("FAQS", "FAQs")
    return words[:1].upper() + words[1:] if words else file
