"""The dry run of a catalog upload: how the file would be read, with nothing written."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from assistant.api.catalog_import_schemas import (
    CatalogPreviewPublic,
    ExcludeField,
    InStockField,
    OptionsField,
    ProfileField,
    catalog_parse_options,
)
from assistant.api.deps import AdminOfStore, DatabaseDep, SettingsDep
from assistant.api.routes.documents import (
    ColumnMapField,
    UploadField,
    clean_source,
    parse_column_map,
    read_upload,
)
from retrieval.catalog_preview import preview_catalog
from retrieval.sources import SourceFile

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["knowledge base"])


@router.post(
    "/documents/preview",
    response_model=CatalogPreviewPublic,
    responses={
        413: {"description": "Over the upload limit."},
        415: {"description": "Not a catalog file type (CSV, TSV, XML, JSON, JSONL)."},
        422: {"description": "Invalid form fields (an unknown profile, ...)."},
    },
)
def preview_catalog_upload(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    settings: SettingsDep,
    file: UploadField,
    source: Annotated[str | None, Form(max_length=500)] = None,
    column_map: ColumnMapField = None,
    profile: ProfileField = None,
    options: OptionsField = None,
    exclude: ExcludeField = None,
    in_stock_quantity: InStockField = None,
) -> CatalogPreviewPublic:
    """The profile chosen, each column and what it feeds, counts and every problem at once.

    The store's saved mapping for the file's layout is used as an import would use it.
    """
    name = clean_source(source or file.filename or "")
    parse_options = catalog_parse_options(
        parse_column_map(column_map), True, profile, options, exclude, in_stock_quantity
    )
    filename = clean_source(file.filename) if file.filename else None
    upload = SourceFile(name, read_upload(file, settings), "product", parse_options, filename)
    with database.session() as session:
        return CatalogPreviewPublic.of(preview_catalog(session, store_id, upload))
