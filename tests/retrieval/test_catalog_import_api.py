"""Catalog imports over the API: the dry run, the report of a real import, the saved mapping."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import CatalogImportMapping, Product
from tests.retrieval.test_api import Merchant, merchant_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"
PREVIEW = "/v1/stores/shop/documents/preview"
LAYOUT = "ref,label,cost,count,colour\n"


@pytest.fixture
def merchant(settings: Settings, database: Database) -> Iterator[Merchant]:
    yield from merchant_for(settings, database)


def preview(merchant: Merchant, name: str, data: bytes, **form: str) -> dict:
    response = merchant.client.post(
        PREVIEW, files={"file": (name, data)}, data=form, headers=merchant.headers()
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_dry_run_shows_every_column_and_writes_nothing(
    merchant: Merchant, database: Database
) -> None:
    data = (FIXTURES / "wide_export_73_columns.csv").read_bytes()
    body = preview(merchant, "export.csv", data)
    report = body["report"]
    assert (body["would_import"], report["profile"]) == (True, "wide")
    assert len(report["columns"]) == 73
    assert (report["products"], report["variants"], len(report["option_names"])) == (3, 8, 67)
    assert report["ignored_columns"] == ["spare_laces"]
    assert report["columns"][1] == {
        "column": "item_id",
        "target": "sku",
        "note": "recognised by name",
        "samples": ["TH-41", "TH-42", "TH-43"],
    }
    listed = merchant.client.get("/v1/stores/shop/documents", headers=merchant.headers())
    assert listed.json() == []
    with database.session() as session:
        assert session.scalars(select(Product)).all() == []


def test_a_dry_run_lists_every_problem_at_once(merchant: Merchant) -> None:
    text = LAYOUT + "A1,Alpha,x,1,Red\nB1,Beta,2.00,-3,Blue\n"
    body = preview(merchant, "export.csv", text.encode())
    assert body["would_import"] is False
    assert len(body["report"]["problems"]) == 4  # no column for sku, title, price, stock
    mapped = preview(
        merchant,
        "export.csv",
        text.encode(),
        column_map='{"ref": "sku", "label": "title", "cost": "price", "count": "stock"}',
    )
    problems = [(p["line"], p["column"]) for p in mapped["report"]["problems"]]
    assert problems == [(2, "cost"), (3, "count")]


def test_a_real_import_reports_the_columns_it_did_not_read(merchant: Merchant) -> None:
    data = (FIXTURES / "shopify_products.csv").read_bytes()
    response = merchant.upload("shopify.csv", data, doc_type="product")
    assert response.status_code == 201, response.text
    report = response.json()["import_report"]
    assert report["profile"] == "shopify"
    assert "Variant Barcode" in report["ignored_columns"]
    assert response.json()["products_added"] == 2


def test_the_mapping_chosen_is_saved_and_reused_for_the_same_layout(
    merchant: Merchant, database: Database
) -> None:
    mapping = '{"ref": "sku", "label": "title", "cost": "price", "count": "stock"}'
    first = merchant.upload(
        "week-1.csv",
        (LAYOUT + "A1,Alpha,1.00,2,Red\n").encode(),
        doc_type="product",
        column_map=mapping,
    )
    assert first.status_code == 201, first.text
    later = (LAYOUT + "B1,Beta,3.00,4,Blue\n").encode()
    body = preview(merchant, "week-2.csv", later)
    assert (body["would_import"], body["saved_mapping_from"]) == (True, "week-1.csv")
    second = merchant.upload("week-2.csv", later, doc_type="product")
    assert second.status_code == 201, second.text
    assert second.json()["products_added"] == 1
    with database.session() as session:
        saved = session.scalars(select(CatalogImportMapping)).all()
        assert [(row.store_id, row.profile, row.source) for row in saved] == [
            ("shop", "wide", "week-2.csv")
        ]
        assert saved[0].rules["column_map"]["cost"] == "price"


def test_the_saved_mapping_belongs_to_its_store(merchant: Merchant) -> None:
    mapping = '{"ref": "sku", "label": "title", "cost": "price", "count": "stock"}'
    merchant.upload(
        "week-1.csv", (LAYOUT + "A1,Alpha,1.00,2,Red\n").encode(), "product", column_map=mapping
    )
    response = merchant.client.post(
        "/v1/stores/rival/documents/preview",
        files={"file": ("week-1.csv", (LAYOUT + "A1,Alpha,1.00,2,Red\n").encode())},
        headers=merchant.headers("rival"),
    )
    assert response.status_code == 200
    assert response.json()["saved_mapping_from"] is None
    assert response.json()["would_import"] is False


def test_an_unknown_profile_is_refused_with_the_known_ones(merchant: Merchant) -> None:
    response = merchant.client.post(
        PREVIEW,
        files={"file": ("c.csv", b"id,title,sku,price,stock\n")},
        data={"profile": "magento"},
        headers=merchant.headers(),
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    assert "merchant-center" in response.json()["error"]["message"]


def test_a_dry_run_needs_an_admin_key(merchant: Merchant) -> None:
    response = merchant.client.post(
        PREVIEW, files={"file": ("c.csv", b"x")}, headers=merchant.headers("agent")
    )
    assert response.status_code == 403
