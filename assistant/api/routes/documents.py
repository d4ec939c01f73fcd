"""Merchant endpoints for the knowledge base: upload, list, inspect, replace and delete documents,
and poll background ingestion jobs. Every endpoint needs an admin key of the path's store."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Response, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.api.catalog_import_schemas import (
    ExcludeField,
    ImportReportPublic,
    InStockField,
    OptionsField,
    ProfileField,
    catalog_parse_options,
)
from assistant.api.deps import AdminOfStore, DatabaseDep, JobsDep, KnowledgeDep, SettingsDep
from assistant.config import Settings
from assistant.errors import (
    InvalidInputError,
    PayloadTooLargeError,
    SalesAssistantError,
)
from retrieval.content_typing import guess_type
from retrieval.documents import DocumentPublic, get_document, list_documents, passages_of
from retrieval.formats import check_supported
from retrieval.ingest import IngestOutcome, SourceFile
from retrieval.jobs import IngestJobPublic, IngestJobs, get_job, list_jobs
from retrieval.knowledge import KnowledgeBase
from retrieval.results import DocType

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["knowledge base"])
DocumentPath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")]


class IngestResult(BaseModel):
    """A file ingested while the request waited."""

    status: Literal["added", "replaced", "unchanged"]
    document: DocumentPublic
    passages: int
    skipped_rows: list[dict[str, Any]]
    products_added: int
    products_updated: int
    import_report: ImportReportPublic | None = None
    doc_type_reason: str | None = None


class IngestAccepted(BaseModel):
    """A large file handed to a background job; poll `job` at its URL."""

    job: IngestJobPublic
    poll_url: str


class PassagePublic(BaseModel):
    """One passage of a document's active version."""

    id: str
    position: int
    title: str
    section: str | None
    text: str
    token_count: int
    meta: dict[str, Any]


def read_upload(upload: UploadFile, settings: Settings) -> bytes:
    """The upload's bytes, refusing more than the configured limit (413)."""
    data = upload.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLargeError(
            f"the file is larger than {settings.max_upload_bytes} bytes",
            details={"limit": settings.max_upload_bytes},
        )
    return data


def parse_column_map(raw: str | None) -> dict[str, str]:
    """The `column_map` form field: a JSON object of the merchant's names onto schema fields."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInputError(
            'column_map must be a JSON object of strings, e.g. {"Variant SKU": "sku"}'
        )
    return value


def clean_source(name: str) -> str:
    """A document source name from an upload: forward slashes, no leading slash or dots."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    source = "/".join(parts)[:500]
    if not source:
        raise InvalidInputError("the file needs a name (or pass 'source')")
    return source


def run_ingest(
    knowledge: KnowledgeBase,
    jobs: IngestJobs,
    settings: Settings,
    store_id: str,
    file: SourceFile,
) -> Response:
    """Ingest now (small files) or as a background job (large ones)."""
    check_supported(file.name_for_format, file.doc_type)
    if len(file.data) > settings.ingest_background_bytes:
        job = jobs.submit(store_id, [file])
        body = IngestAccepted(
            job=IngestJobPublic.model_validate(job),
            poll_url=f"/v1/stores/{store_id}/ingest-jobs/{job.id}",
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)
    (outcome,) = knowledge.ingest(store_id, [file])
    return outcome_response(knowledge, store_id, outcome)


def outcome_response(knowledge: KnowledgeBase, store_id: str, outcome: IngestOutcome) -> Response:
    """201 for a new or changed document, 200 when nothing changed; errors raise."""
    if outcome.status in ("rejected", "failed") or outcome.document_id is None:
        if outcome.exception is not None:
            raise outcome.exception
        raise SalesAssistantError(outcome.error or "ingestion failed")
    with knowledge.database.session() as session:
        document = DocumentPublic.model_validate(
            get_document(session, store_id, outcome.document_id)
        )
    body = IngestResult(
        status=outcome.status,
        document=document,
        passages=outcome.passages,
        skipped_rows=[row.as_dict() for row in outcome.skipped_rows],
        products_added=outcome.products_added,
        products_updated=outcome.products_updated,
        import_report=ImportReportPublic.of(outcome.import_report)
        if outcome.import_report
        else None,
        doc_type_reason=outcome.doc_type_reason,
    )
    code = status.HTTP_200_OK if outcome.status == "unchanged" else status.HTTP_201_CREATED
    return JSONResponse(body.model_dump(mode="json"), status_code=code)


UploadField = Annotated[
    UploadFile, File(description="The file: CSV, JSON, JSONL, MD, TXT, HTML, PDF.")
]
ColumnMapField = Annotated[
    str | None,
    Form(
        description='Catalog/FAQ files: your column names onto ours, e.g. {"Variant SKU": "sku"}.'
    ),
]
SkipInvalidField = Annotated[
    bool, Form(description="Apply the valid rows and report the bad ones instead of rejecting.")
]


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=IngestResult,
    responses={
        200: {"model": IngestResult, "description": "Same content as before: nothing changed."},
        202: {"model": IngestAccepted, "description": "Large file: ingesting in the background."},
        413: {"description": "Over the upload limit."},
        415: {"description": "Unsupported file type for this document type."},
        422: {"description": "Malformed file; the error names file, line and column."},
    },
)
def upload_document(
    store_id: str,
    _key: AdminOfStore,
    knowledge: KnowledgeDep,
    jobs: JobsDep,
    settings: SettingsDep,
    file: UploadField,
    doc_type: Annotated[
        DocType | None,
        Form(description="product, faq, policy or other; left out, the file is typed by content."),
    ] = None,
    source: Annotated[str | None, Form(max_length=500)] = None,
    column_map: ColumnMapField = None,
    skip_invalid: SkipInvalidField = False,
    profile: ProfileField = None,
    options: OptionsField = None,
    exclude: ExcludeField = None,
    in_stock_quantity: InStockField = None,
) -> Response:
    """Add a document, or replace the one with the same source; the same content changes nothing.

    Without `doc_type` the file is typed by its content (a policy, an FAQ, a size guide, product
    copy) and `doc_type_reason` in the result says why.

    Catalogs: `profile`, `options`, `exclude` and `in_stock_quantity` choose how the file is
    read (see `POST /documents/preview` for a dry run).
    """
    name = clean_source(source or file.filename or "")
    parse_options = catalog_parse_options(
        parse_column_map(column_map), skip_invalid, profile, options, exclude, in_stock_quantity
    )
    filename = clean_source(file.filename) if file.filename else None
    data = read_upload(file, settings)
    reason = None
    if doc_type is None:
        guess = guess_type(filename or name, data)
        doc_type, reason = guess.doc_type, guess.reason
    source_file = SourceFile(
        name, data, doc_type, parse_options, filename=filename, doc_type_reason=reason
    )
    return run_ingest(knowledge, jobs, settings, store_id, source_file)


@router.get("/documents", response_model=list[DocumentPublic])
def documents(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    doc_type: DocType | None = None,
) -> list[DocumentPublic]:
    """The store's documents with their status, version and passage count."""
    with database.session() as session:
        return [
            DocumentPublic.model_validate(row)
            for row in list_documents(session, store_id, doc_type)
        ]


@router.get("/documents/{document_id}", response_model=DocumentPublic)
def document(
    store_id: str, document_id: DocumentPath, _key: AdminOfStore, database: DatabaseDep
) -> DocumentPublic:
    """One document."""
    with database.session() as session:
        return DocumentPublic.model_validate(get_document(session, store_id, document_id))


@router.get("/documents/{document_id}/passages", response_model=list[PassagePublic])
def document_passages(
    store_id: str, document_id: DocumentPath, _key: AdminOfStore, database: DatabaseDep
) -> list[PassagePublic]:
    """The passages search can return for this document (its active version)."""
    with database.session() as session:
        found = get_document(session, store_id, document_id)
        if found.active_version is None:
            return []
        return [
            PassagePublic(
                id=row.id,
                position=row.position,
                title=row.title,
                section=row.section,
                text=row.text,
                token_count=row.token_count,
                meta={key: value for key, value in row.meta.items() if key != "text_hash"},
            )
            for row in passages_of(session, found.id, found.active_version)
        ]


@router.put(
    "/documents/{document_id}",
    response_model=IngestResult,
    responses={202: {"model": IngestAccepted}, 413: {}, 415: {}, 422: {}},
)
def replace_document(
    store_id: str,
    document_id: DocumentPath,
    _key: AdminOfStore,
    knowledge: KnowledgeDep,
    jobs: JobsDep,
    settings: SettingsDep,
    file: UploadField,
    column_map: ColumnMapField = None,
    skip_invalid: SkipInvalidField = False,
    profile: ProfileField = None,
    options: OptionsField = None,
    exclude: ExcludeField = None,
    in_stock_quantity: InStockField = None,
) -> Response:
    """Replace a document's content; shoppers see the old version until the new one is ready."""
    with knowledge.database.session() as session:
        existing = DocumentPublic.model_validate(get_document(session, store_id, document_id))
        source, doc_type = existing.source, existing.doc_type
    parse_options = catalog_parse_options(
        parse_column_map(column_map), skip_invalid, profile, options, exclude, in_stock_quantity
    )
    filename = clean_source(file.filename) if file.filename else None
    source_file = SourceFile(
        source,
        read_upload(file, settings),
        doc_type,
        parse_options,
        filename=filename,
    )
    return run_ingest(knowledge, jobs, settings, store_id, source_file)


@router.delete("/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_document(
    store_id: str, document_id: DocumentPath, _key: AdminOfStore, knowledge: KnowledgeDep
) -> Response:
    """Delete a document; none of its passages can be returned afterwards."""
    knowledge.delete_document(store_id, document_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/ingest-jobs/{job_id}", response_model=IngestJobPublic)
def ingest_job(
    store_id: str, job_id: DocumentPath, _key: AdminOfStore, database: DatabaseDep
) -> IngestJobPublic:
    """A background ingestion's status and progress (passages done of total)."""
    with database.session() as session:
        return IngestJobPublic.model_validate(get_job(session, store_id, job_id))


@router.get("/ingest-jobs", response_model=list[IngestJobPublic])
def ingest_jobs_of_store(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    status: Literal["queued", "running", "succeeded", "failed", "interrupted"] | None = None,
) -> list[IngestJobPublic]:
    """The store's latest background ingestions, newest first."""
    with database.session() as session:
        return [IngestJobPublic.model_validate(job) for job in list_jobs(session, store_id, status)]


@router.post(
    "/ingest-jobs/{job_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=IngestAccepted,
    responses={409: {"description": "The job is not interrupted or failed."}},
)
def retry_ingest_job(
    store_id: str, job_id: DocumentPath, _key: AdminOfStore, jobs: JobsDep
) -> IngestAccepted:
    """Run an interrupted or failed job again from its kept files; nothing is indexed twice."""
    job = jobs.retry(store_id, job_id)
    return IngestAccepted(
        job=IngestJobPublic.model_validate(job),
        poll_url=f"/v1/stores/{store_id}/ingest-jobs/{job.id}",
    )
