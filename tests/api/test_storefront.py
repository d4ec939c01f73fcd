"""The demo storefront page and the widget's files."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_home_page_leads_to_the_demo_storefront(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/store/demo"


def test_a_storefront_lists_products_and_embeds_the_widget_with_one_tag(
    client: TestClient,
) -> None:
    response = client.get("/store/shop")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<script src="/widget/widget.js" data-store="shop" defer></script>' in page
    assert page.count("<script") == 1
    assert "Trail Boot" in page and "$100.00" in page
    assert 'data-sales-assistant-ask="Tell me about the Trail Boot"' in page


def test_a_storefront_of_an_unknown_store_is_404(client: TestClient) -> None:
    assert client.get("/store/nowhere").status_code == 404


def test_the_widget_script_and_styles_are_served(client: TestClient) -> None:
    script = client.get("/widget/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "chat/messages/stream" in script.text
    assert client.get("/widget/widget.css").headers["content-type"].startswith("text/css")


def test_only_the_widget_files_are_served(client: TestClient) -> None:
    assert client.get("/widget/storefront.html").status_code == 404
    assert client.get("/widget/__init__.py").status_code == 404
