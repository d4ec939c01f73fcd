"""Security headers on every response: `X-Content-Type-Options: nosniff` everywhere, and on
HTML pages a Content Security Policy, `X-Frame-Options: DENY` and a referrer policy.

A page that sets its own policy (the console) keeps it. For the others the policy is built
from the page itself: each inline `<script>` and `<style>` block is allowed by its SHA-256
hash, so nothing else inline runs. The API docs (Swagger UI, ReDoc) load their bundles,
styles and fonts from a CDN and inject styles at run time; their pages get a policy that
allows exactly those hosts and nothing more. The widget's script and style sheet are plain
static files: merchants' pages embed them cross-origin, so they get only `nosniff`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.S | re.I)
# Where FastAPI's Swagger UI and ReDoc pages load their files from.
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_FAVICON_HOST = "https://fastapi.tiangolo.com"
DOCS_FONT_CSS = "https://fonts.googleapis.com"
DOCS_FONTS = "https://fonts.gstatic.com"
FRAME_OPTIONS = "DENY"
REFERRER_POLICY = "same-origin"


def _hashes(pattern: re.Pattern[bytes], page: bytes) -> list[str]:
    digests = {
        base64.b64encode(hashlib.sha256(block).digest()).decode() for block in pattern.findall(page)
    }
    return [f"'sha256-{digest}'" for digest in sorted(digests)]


def page_policy(page: bytes) -> str:
    """The policy for one of the service's own pages: its own files, its inline blocks."""
    scripts = " ".join(["'self'", *_hashes(_INLINE_SCRIPT, page)])
    styles = " ".join(["'self'", *_hashes(_INLINE_STYLE, page)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


def docs_policy(page: bytes) -> str:
    """The policy for the API docs: the CDN's bundle and styles, the inline start-up script,
    run-time styles (Swagger UI and ReDoc add them), data: images and ReDoc's blob: worker."""
    scripts = " ".join(["'self'", DOCS_CDN, *_hashes(_INLINE_SCRIPT, page)])
    return (
        f"default-src 'none'; script-src {scripts}; "
        f"style-src 'self' 'unsafe-inline' {DOCS_CDN} {DOCS_FONT_CSS}; font-src {DOCS_FONTS}; "
        f"img-src 'self' data: {DOCS_FAVICON_HOST}; connect-src 'self'; worker-src blob:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class SecurityHeadersMiddleware:
    """Adds the headers; HTML bodies (small pages) are held until complete to hash them."""

    def __init__(self, app: ASGIApp, docs_paths: Iterable[str | None] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(path for path in docs_paths if path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through, adding headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope.get("path") in self.docs_paths
        held: Message | None = None
        body: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if not headers.get("content-type", "").startswith("text/html"):
                    await send(message)
                    return
                headers.setdefault("X-Frame-Options", FRAME_OPTIONS)
                headers.setdefault("Referrer-Policy", REFERRER_POLICY)
                if "content-security-policy" in headers:
                    await send(message)
                    return
                held = message
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body)
            policy = docs_policy(page) if is_docs else page_policy(page)
            MutableHeaders(scope=held)["Content-Security-Policy"] = policy
            await send(held)
            held = None
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, send_with_headers)
