"""The admin page is served as plain files, with the strict headers of a page holding a key."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.api.routes.console_page import PAGE_HEADERS


def test_the_admin_page_loads_only_its_own_files_and_cannot_be_framed(
    client: TestClient,
) -> None:
    response = client.get("/admin")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == PAGE_HEADERS["Content-Security-Policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script>" not in response.text and "<style>" not in response.text
    assert set(re.findall(r'(?:src|href)="(/[^"]+)"', response.text)) == {
        "/admin/staff.js",
        "/admin/admin.js",
        "/admin/admin.css",
        "/admin/admin_site.js",
        "/admin/admin_analytics.js",
        "/admin/admin_selling.js",
    }


def test_the_scripts_and_style_sheet_are_served_and_nothing_else(client: TestClient) -> None:
    assert client.get("/admin/admin.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/admin/admin.css").headers["content-type"].startswith("text/css")
    assert client.get("/admin/staff.js").headers["content-type"].startswith("text/javascript")
    site = client.get("/admin/admin_site.js")
    assert site.headers["content-type"].startswith("text/javascript")
    analytics = client.get("/admin/admin_analytics.js")
    assert analytics.headers["content-type"].startswith("text/javascript")
    selling = client.get("/admin/admin_selling.js")
    assert selling.headers["content-type"].startswith("text/javascript")
    missing = client.get("/admin/console.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_the_page_is_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/admin" not in paths
    assert "/v1/stores/{store_id}/admin/try-it" in paths
