"""API shapes of a catalog import report and a dry-run preview, and the form fields that
choose how a catalog is read."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form
from pydantic import BaseModel, Field

from assistant.errors import InvalidInputError
from retrieval.catalog_preview import CatalogPreview
from retrieval.formats import ParseOptions
from retrieval.parsers.base import RowError
from retrieval.parsers.catalog_import import check_profile
from retrieval.parsers.import_report import ImportReport

MAX_PATTERNS = 50


class ColumnPublic(BaseModel):
    """One column of the file and what it feeds (`target` null: not read, `note` says why)."""

    column: str
    target: str | None
    note: str
    samples: list[str]


class ProblemPublic(BaseModel):
    """One bad record or missing column, located in the merchant's own names."""

    file: str
    line: int | None
    column: str | None
    column_number: int | None
    message: str

    @classmethod
    def of(cls, error: RowError) -> ProblemPublic:
        """From the parser's record."""
        return cls.model_validate(error.as_dict())


class ImportReportPublic(BaseModel):
    """How a catalog file was (or would be) read."""

    profile: str = Field(description="native, shopify, woocommerce, merchant-center or wide.")
    detected_because: str
    columns: list[ColumnPublic]
    ignored_columns: list[str]
    products: int
    variants: int
    option_names: list[str]
    option_values: int
    problems: list[ProblemPublic]
    warnings: list[str]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportPublic:
        """From the parser's report."""
        return cls(
            profile=report.profile,
            detected_because=report.detected_because,
            columns=[ColumnPublic(**use.as_dict()) for use in report.columns],
            ignored_columns=[use.column for use in report.ignored],
            products=report.products,
            variants=report.variants,
            option_names=list(report.option_names),
            option_values=report.option_values,
            problems=[ProblemPublic.of(problem) for problem in report.problems],
            warnings=list(report.warnings),
        )


class CatalogPreviewPublic(BaseModel):
    """A dry run: nothing was written."""

    source: str
    would_import: bool = Field(description="A real import would accept the file as it is.")
    saved_mapping_from: str | None = Field(
        description="The earlier import whose saved mapping was used, if any."
    )
    report: ImportReportPublic

    @classmethod
    def of(cls, preview: CatalogPreview) -> CatalogPreviewPublic:
        """From the preview."""
        return cls(
            source=preview.source,
            would_import=preview.would_import,
            saved_mapping_from=preview.saved_from,
            report=ImportReportPublic.of(preview.report),
        )


ProfileField = Annotated[
    str | None,
    Form(description="Import profile: native, shopify, woocommerce, merchant-center or wide."),
]
OptionsField = Annotated[
    str | None,
    Form(description="Comma-separated column patterns read as options, e.g. 'opt_*,size'."),
]
ExcludeField = Annotated[
    str | None, Form(description="Comma-separated columns (or patterns) never read.")
]
InStockField = Annotated[
    int | None,
    Form(ge=0, le=1_000_000, description="Units counted for a feed item marked in stock."),
]


def patterns(raw: str | None, name: str) -> tuple[str, ...]:
    """'opt_*, size' -> ('opt_*', 'size')."""
    found = tuple(part.strip() for part in (raw or "").split(",") if part.strip())
    if len(found) > MAX_PATTERNS:
        raise InvalidInputError(f"{name}: at most {MAX_PATTERNS} patterns")
    return found


def catalog_parse_options(
    column_map: dict[str, str],
    skip_invalid: bool,
    profile: str | None,
    options: str | None,
    exclude: str | None,
    in_stock_quantity: int | None,
) -> ParseOptions:
    """ParseOptions from the upload form's fields."""
    return ParseOptions(
        column_map=column_map,
        skip_invalid=skip_invalid,
        profile=check_profile(profile) if profile else None,
        option_patterns=patterns(options, "options"),
        exclude=patterns(exclude, "exclude"),
        in_stock_quantity=in_stock_quantity,
    )
