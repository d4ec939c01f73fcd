"""Errors on the service's HTML pages (storefront, checkout) as a small page, not JSON: a
person followed the link. Same status codes as the API; the page has no script and no links
out."""

from __future__ import annotations

import html

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

_TITLES = {
    403: "This action is not allowed here",
    404: "This page does not exist",
    409: "This cannot be done any more",
}
_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title}</title>
  <link rel="icon" href="data:,">
  <style>
    body {{ margin: 0; padding: 32px 16px; font: 16px/1.5 system-ui, sans-serif;
           color: #1d2327; background: #f6f4ef; }}
    main {{ max-width: 560px; margin: 0 auto; }}
  </style>
</head>
<body>
  <main>
    <h1>{title}</h1>
    <p>{message}</p>
    <p>Error {status}</p>
  </main>
</body>
</html>
"""


def is_html_page(request: Request) -> bool:
    """Whether the request was routed to one of the HTML pages (a route answering HTML)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return False
    response_class = getattr(route.response_class, "value", route.response_class)
    return isinstance(response_class, type) and issubclass(response_class, HTMLResponse)


def html_error(status_code: int, message: str) -> HTMLResponse:
    """The error page for a person."""
    title = _TITLES.get(status_code, "Something went wrong")
    page = _PAGE.format(title=title, message=html.escape(message), status=status_code)
    return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})
