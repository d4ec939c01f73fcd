"""The merchant's admin page: one page at `/admin` and its script and style sheet, served as
they are (no build step). The page signs in with a store id and an admin key and uses only the
store's API: documents and their passages, ingest jobs, the catalog dry run, settings,
`POST .../admin/try-it` and site sync runs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from assistant.api.routes.console_page import PAGE_HEADERS
from assistant.api.web_files import STAFF_FILES, web_file, web_page

ADMIN_FILES = {
    "admin.js": "text/javascript",
    "admin.css": "text/css",
    **STAFF_FILES,
    "admin_site.js": "text/javascript",
    "admin_analytics.js": "text/javascript",
    "admin_selling.js": "text/javascript",
}

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_page() -> FileResponse:
    """The admin page; it holds an admin key, so it takes the console's strict headers."""
    return web_page("admin.html", PAGE_HEADERS)


@router.get("/admin/{name}")
def admin_file(name: str) -> FileResponse:
    """`admin.js`, `admin.css`, the staff pages' shared `staff.js`, and the panels' scripts."""
    return web_file(name, ADMIN_FILES, cache_control="no-cache")
