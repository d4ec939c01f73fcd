"""PDF text, page by page, with pypdf. Encrypted or unreadable files fail with a clear message."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from assistant.errors import IngestFormatError
from retrieval.parsers.base import Section, title_from_name


def parse_pdf(file: str, data: bytes) -> tuple[str, list[Section]]:
    """Title (document metadata, else the file name) and one section per page with text."""
    # pypdf logs recoverable damage as warnings; the outcome is reported through errors instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestFormatError(
                f"{file}: the PDF is encrypted; upload a copy without a password",
                details={"file": file, "reason": "encrypted"},
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata_title = reader.metadata.title if reader.metadata else None
    except IngestFormatError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestFormatError(
            f"{file}: not a readable PDF ({type(exc).__name__})",
            details={"file": file, "reason": "corrupt"},
        ) from None
    sections = []
    for number, page_text in enumerate(pages, start=1):
        cleaned = re.sub(r"[ \t]+", " ", page_text)
        cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
        if cleaned:
            sections.append(Section(f"Page {number}", cleaned))
    if not sections:
        raise IngestFormatError(
            f"{file}: the PDF has no extractable text (is it a scan?)",
            details={"file": file, "reason": "no_text"},
        )
    title = str(metadata_title).strip() if metadata_title else ""
    return title or title_from_name(file), sections
