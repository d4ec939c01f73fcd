"""The browser files the app serves as they are (no build step): widget, storefront, console
and admin pages, and the script the two staff pages share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi.responses import FileResponse

from assistant.errors import NotFoundError

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
# Loaded by both staff pages (console and admin), before each page's own script.
STAFF_FILES = {"staff.js": "text/javascript"}


def web_file(name: str, served: Mapping[str, str], *, cache_control: str) -> FileResponse:
    """The file `name` when it is one of `served` (file name -> media type), else 404."""
    media_type = served.get(name)
    if media_type is None:
        raise NotFoundError(f"no such file {name!r}")
    return FileResponse(
        WEB_DIR / name,
        media_type=f"{media_type}; charset=utf-8",
        headers={"Cache-Control": cache_control},
    )


def web_page(name: str, headers: Mapping[str, str]) -> FileResponse:
    """The HTML page `name` from the web folder, with `headers`."""
    return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8", headers=headers)
