"""Security headers: nosniff on everything, a content security policy and no framing on pages,
and a policy for the API docs that lets in exactly what they load."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from assistant.api.routes.console_page import PAGE_HEADERS
from tests.api.conftest import Shopper


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def inline_hashes(page: str, tag: str) -> set[str]:
    blocks = re.findall(rf"<{tag}(?![^>]*\bsrc=)[^>]*>(.*?)</{tag}>", page, re.S)
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in blocks
    }


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize(
    "path", ["/healthz", "/openapi.json", "/widget/widget.js", "/widget/widget.css", "/nowhere"]
)
def test_every_response_forbids_content_sniffing(client: TestClient, path: str) -> None:
    assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_shopper_api_errors_forbid_content_sniffing_too(shopper: Shopper) -> None:
    refused = shopper.client.get(
        shopper.url("/cart"), headers={**shopper.headers, "Origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_the_storefront_cannot_be_framed_and_runs_only_its_own_code(client: TestClient) -> None:
    response = client.get("/store/shop")
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert inline_hashes(response.text, "style") <= set(policy["style-src"])
    assert policy["connect-src"] == ["'self'"]


def test_the_console_keeps_its_own_stricter_policy(client: TestClient) -> None:
    response = client.get("/console")
    assert response.headers["content-security-policy"] == PAGE_HEADERS["Content-Security-Policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_docs_policy_allows_what_the_docs_page_loads(client: TestClient, path: str) -> None:
    response = client.get(path)
    page = response.text
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert inline_hashes(page, "script") <= set(policy["script-src"])
    for url in re.findall(r'<script[^>]*\bsrc="([^"]+)"', page):
        assert origin(url) in policy["script-src"], url
    for url in re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', page):
        assert origin(url) in policy["style-src"], url
    for url in re.findall(r'<link[^>]*rel="shortcut icon"[^>]*href="([^"]+)"', page):
        assert origin(url) in policy["img-src"], url
    assert policy["connect-src"] == ["'self'"]  # the page fetches /openapi.json


def test_the_widget_files_stay_embeddable_by_merchant_pages(client: TestClient) -> None:
    script = client.get("/widget/widget.js", headers={"Origin": "https://shop.example"})
    assert "x-frame-options" not in script.headers
    assert "content-security-policy" not in script.headers
    assert "cross-origin-resource-policy" not in script.headers
