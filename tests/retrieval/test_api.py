"""The merchant's knowledge-base endpoints."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import IngestJob, IngestJobFile
from assistant.stores import create_api_key
from retrieval.knowledge import KnowledgeBase
from tests.factories import make_store
from tests.retrieval.conftest import HashingEmbedder, markdown
from tests.retrieval.test_parsers import encrypt, make_pdf

RETURNS = markdown("Returns", {"Return window": "Return boots within 30 days."})


class Merchant:
    def __init__(self, client: TestClient, keys: dict[str, str]) -> None:
        self.client = client
        self.keys = keys

    def headers(self, key: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[key]}"}

    def upload(
        self, name: str, data: bytes, doc_type: str = "policy", key: str = "admin", **form: Any
    ) -> Any:
        return self.client.post(
            "/v1/stores/shop/documents",
            files={"file": (name, data)},
            data={"doc_type": doc_type, **form},
            headers=self.headers(key),
        )


def merchant_for(settings: Settings, database: Database) -> Iterator[Merchant]:
    with database.transaction() as session:
        make_store(session, "shop")
        make_store(session, "rival")
        keys = {
            "admin": create_api_key(session, "shop", "ops", ["admin"])[1],
            "agent": create_api_key(session, "shop", "desk", ["agent"])[1],
            "rival": create_api_key(session, "rival", "ops", ["admin"])[1],
        }
    knowledge = KnowledgeBase(settings, database, embedder=HashingEmbedder())
    app = create_app(settings, database, knowledge=knowledge)
    with TestClient(app) as client:
        yield Merchant(client, keys)


@pytest.fixture
def merchant(settings: Settings, database: Database) -> Iterator[Merchant]:
    yield from merchant_for(settings, database)


def test_an_upload_is_indexed_and_listed_with_status_and_count(merchant: Merchant) -> None:
    created = merchant.upload("returns.md", RETURNS, source="policies/returns.md")
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "added"
    listed = merchant.client.get("/v1/stores/shop/documents", headers=merchant.headers()).json()
    assert [(d["source"], d["status"], d["chunk_count"]) for d in listed] == [
        ("policies/returns.md", "ready", 1)
    ]


def test_the_same_upload_again_answers_200_unchanged(merchant: Merchant) -> None:
    merchant.upload("returns.md", RETURNS)
    again = merchant.upload("returns.md", RETURNS)
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")


def test_a_document_can_be_read_with_its_passages(merchant: Merchant) -> None:
    document = merchant.upload("returns.md", RETURNS).json()["document"]
    url = f"/v1/stores/shop/documents/{document['id']}"
    assert merchant.client.get(url, headers=merchant.headers()).json()["title"] == "Returns"
    passages = merchant.client.get(f"{url}/passages", headers=merchant.headers()).json()
    assert [(p["section"], p["text"]) for p in passages] == [
        ("Return window", "Return boots within 30 days.")
    ]


def test_a_document_is_replaced_through_its_id(merchant: Merchant) -> None:
    document = merchant.upload("returns.md", RETURNS).json()["document"]
    changed = markdown("Returns", {"Return window": "Return boots within 60 days."})
    replaced = merchant.client.put(
        f"/v1/stores/shop/documents/{document['id']}",
        files={"file": ("returns-v2.md", changed)},
        headers=merchant.headers(),
    )
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()["status"] == "replaced"
    assert replaced.json()["document"]["active_version"] == 2
    assert replaced.json()["document"]["source"] == "returns.md"


def test_a_deleted_document_is_gone(merchant: Merchant) -> None:
    document = merchant.upload("returns.md", RETURNS).json()["document"]
    url = f"/v1/stores/shop/documents/{document['id']}"
    assert merchant.client.delete(url, headers=merchant.headers()).status_code == 204
    assert merchant.client.get(url, headers=merchant.headers()).status_code == 404


def test_another_stores_key_sees_404(merchant: Merchant) -> None:
    response = merchant.upload("returns.md", RETURNS, key="rival")
    assert response.status_code == 404


def test_an_agent_key_cannot_manage_documents(merchant: Merchant) -> None:
    assert merchant.upload("returns.md", RETURNS, key="agent").status_code == 403


def test_no_key_is_401(merchant: Merchant) -> None:
    assert merchant.client.get("/v1/stores/shop/documents").status_code == 401


def test_an_unsupported_type_is_415(merchant: Merchant) -> None:
    response = merchant.upload("manual.docx", b"PK\x03\x04", "other")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_a_malformed_catalog_is_422_naming_line_and_column(merchant: Merchant) -> None:
    response = merchant.upload(
        "catalog.csv", b"id,title,sku,price,stock\na,A,A1,abc,1\n", "product"
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert (details["file"], details["line"], details["column"]) == ("catalog.csv", 2, "price")


def test_a_column_map_loads_a_foreign_export(merchant: Merchant) -> None:
    export = b"Handle,Name,Variant SKU,Cost,Qty\ntent,Tent,T1,99.00,3\n"
    response = merchant.upload(
        "export.csv",
        export,
        "product",
        column_map='{"Variant SKU": "sku", "Cost": "price", "Qty": "stock"}',
    )
    assert response.status_code == 201, response.text
    assert response.json()["products_added"] == 1


def test_an_encrypted_pdf_is_422(merchant: Merchant) -> None:
    response = merchant.upload("secret.pdf", encrypt(make_pdf("hidden")), "other")
    assert response.status_code == 422
    assert "encrypted" in response.json()["error"]["message"]


def test_html_is_indexed_without_scripts(merchant: Merchant) -> None:
    page = b"<h1>Care</h1><h2>Boots</h2><p>Brush them.</p><script>alert('x')</script>"
    document = merchant.upload("care.html", page).json()["document"]
    passages = merchant.client.get(
        f"/v1/stores/shop/documents/{document['id']}/passages", headers=merchant.headers()
    ).json()
    assert [p["text"] for p in passages] == ["Brush them."]


def test_search_answers_with_citations_and_confidence(merchant: Merchant) -> None:
    merchant.upload("returns.md", RETURNS, source="policies/returns.md")
    response = merchant.client.get(
        "/v1/stores/shop/search",
        params={"q": "return boots", "doc_type": "policy"},
        headers=merchant.headers("agent"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["hits"][0]["citation"]["source"] == "policies/returns.md"
    assert body["hits"][0]["citation"]["section"] == "Return window"
    assert 0.0 <= body["confidence"] <= 1.0


@pytest.fixture
def small_limits(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_upload_bytes": 200, "ingest_background_bytes": 50})


@pytest.fixture
def limited(small_limits: Settings, database: Database) -> Iterator[Merchant]:
    yield from merchant_for(small_limits, database)


def test_an_upload_over_the_limit_is_413(limited: Merchant) -> None:
    response = limited.upload("big.md", b"# Big\n\n" + b"x" * 300)
    assert response.status_code == 413


def test_a_large_upload_runs_as_a_polled_background_job(limited: Merchant) -> None:
    body = markdown("Rules", {"One": "First rule about tents.", "Two": "Second rule about boots."})
    accepted = limited.upload("rules.md", body)
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()["job"]
    services_of(limited.client.app).ingest_jobs.wait(job["id"], timeout=60)
    polled = limited.client.get(accepted.json()["poll_url"], headers=limited.headers()).json()
    assert polled["status"] == "succeeded"
    assert polled["done"] == polled["total"] == 2


def test_an_interrupted_job_is_listed_and_retried_with_an_admin_key(
    limited: Merchant, database: Database
) -> None:
    body = markdown("Rules", {"One": "First rule about tents.", "Two": "Second rule about boots."})
    with database.transaction() as session:
        # What a process killed mid-job leaves behind once its lease has been found lapsed.
        job = IngestJob(store_id="shop", status="interrupted", total=2, done=1, result={})
        session.add(job)
        session.flush()
        session.add(
            IngestJobFile(
                job_id=job.id, position=0, source="rules.md", doc_type="policy", data=body
            )
        )
        job_id = job.id
    listed = limited.client.get(
        "/v1/stores/shop/ingest-jobs?status=interrupted", headers=limited.headers()
    )
    assert [row["id"] for row in listed.json()] == [job_id]
    assert limited.client.post(f"/v1/stores/shop/ingest-jobs/{job_id}/retry").status_code == 401
    rival = limited.client.post(
        f"/v1/stores/shop/ingest-jobs/{job_id}/retry", headers=limited.headers("rival")
    )
    assert rival.status_code == 404

    accepted = limited.client.post(
        f"/v1/stores/shop/ingest-jobs/{job_id}/retry", headers=limited.headers()
    )

    assert accepted.status_code == 202, accepted.text
    services_of(limited.client.app).ingest_jobs.wait(job_id, timeout=60)
    polled = limited.client.get(accepted.json()["poll_url"], headers=limited.headers()).json()
    assert (polled["status"], polled["attempts"]) == ("succeeded", 1)
    again = limited.client.post(
        f"/v1/stores/shop/ingest-jobs/{job_id}/retry", headers=limited.headers()
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
