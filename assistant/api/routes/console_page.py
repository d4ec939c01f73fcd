"""The human agents' console: one page at `/console` and its script and style sheet, served as
they are (no build step). The page signs in with a store id and an agent key and talks to the
console API under `/v1/stores/{store_id}/console`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from assistant.api.web_files import STAFF_FILES, web_file, web_page

CONSOLE_FILES = {"console.js": "text/javascript", "console.css": "text/css", **STAFF_FILES}
# The page holds an agent key in sessionStorage: it must never be framed by another site, and
# it loads nothing but its own files.
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
}

router = APIRouter(include_in_schema=False)


@router.get("/console")
def console_page() -> FileResponse:
    """The agents' console."""
    return web_page("console.html", PAGE_HEADERS)


@router.get("/console/{name}")
def console_file(name: str) -> FileResponse:
    """`console.js`, `console.css` and the staff pages' shared `staff.js`."""
    return web_file(name, CONSOLE_FILES, cache_control="no-cache")
