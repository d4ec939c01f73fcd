"""Property-based tests of the whole HTTP API from its OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid, as a shopper (a session token
from POST .../sessions), an agent and an admin of the store, with the wrong credentials or
none, for the store of the credentials or another. Each response must not be a 5xx, must have
a status the document lists for the operation, and must have the content type, headers and
body the document declares. Hypothesis is derandomized, so a run is reproducible.

The chat endpoints run the offline engine, which is the expensive part: they get a few
examples each. The live event streams never end and are left to tests/live.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.api.app import create_app
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.stores import create_api_key
from tests.api.conftest import RIVAL, SHOP
from tests.tools.conftest import build_shop

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 20
# The offline engine answers these: a turn costs far more than any other request.
EXPENSIVE = {
    "POST /v1/stores/{store_id}/chat/messages": 4,
    "POST /v1/stores/{store_id}/chat/messages/stream": 3,
    "POST /v1/stores/{store_id}/documents": 4,
    "PUT /v1/stores/{store_id}/documents/{document_id}": 4,
    "POST /v1/stores/{store_id}/admin/try-it": 4,
}
ENDLESS = {
    "GET /v1/stores/{store_id}/console/events",
    "GET /v1/stores/{store_id}/chat/conversations/{conversation_id}/events",
}
SHOPPER_SEGMENTS = {"sessions", "chat", "conversations", "cart", "checkout", "products"}
SHOPPER_SEGMENTS |= {"variants", "orders"}
SKU = "BOOT-TRAIL-42"


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def summary(self) -> str:
        server_errors = sum(n for status, n in self.statuses.items() if status >= 500)
        return (
            f"{self.requests} requests, {server_errors} 5xx, {len(self.failures)} distinct "
            f"failures; statuses {dict(sorted(self.statuses.items()))}; slowest "
            + ", ".join(f"{label} {s:.1f}s" for label, s in self.seconds.most_common(4))
        )


@pytest.fixture
def fuzz_app(tmp_path: Path, sqlite_template: Path) -> Iterator[FastAPI]:
    """The real app (offline engine) over the factory shop and a rival store, on SQLite."""
    path = tmp_path / "fuzz.db"
    shutil.copy(sqlite_template, path)
    config = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{path}", _env_file=None)
    database = Database(config)
    build_shop(database, SHOP)
    build_shop(database, RIVAL)
    app = create_app(config, database)
    yield app
    asgi.shutdown_lifespans()
    database.dispose()


@dataclass(frozen=True)
class Seeded:
    """What the fuzzer can name: a token per role and ids of things that exist in the shop."""

    tokens: dict[str, str]
    known: dict[str, list[str]]


def seed(app: FastAPI) -> Seeded:
    """A bearer token per role (shopper, agent, admin), a conversation, an order, a canned
    reply and a document, so generated requests reach more than 404s."""
    database = services_of(app).database
    with database.transaction() as session:
        admin_row, admin_key = create_api_key(session, SHOP, "fuzz-admin", ["admin"])
        agent_key = create_api_key(session, SHOP, "fuzz-agent", ["agent"])[1]
        # The fuzzer may revoke this one; the keys it works with stay valid.
        spare_id = create_api_key(session, SHOP, "fuzz-spare", ["agent"])[0].id
        admin_id = admin_row.id
    with TestClient(app) as client:
        token = client.post(f"/v1/stores/{SHOP}/sessions", json={}).json()["token"]
        shopper = {"Authorization": f"Bearer {token}"}
        admin = {"Authorization": f"Bearer {admin_key}"}
        agent = {"Authorization": f"Bearer {agent_key}"}
        chat = client.post(
            f"/v1/stores/{SHOP}/chat/messages", json={"message": "a person please"}, headers=shopper
        )
        assert chat.status_code == 200, chat.text
        added = client.post(
            f"/v1/stores/{SHOP}/cart/items",
            json={"sku": SKU, "quantity": 1},
            headers={**shopper, "Idempotency-Key": "fuzz-add"},
        )
        assert added.status_code == 200, added.text
        order = client.post(
            f"/v1/stores/{SHOP}/checkout", headers={**shopper, "Idempotency-Key": "fuzz-order"}
        )
        assert order.status_code == 201, order.text
        reply = client.post(
            f"/v1/stores/{SHOP}/console/canned-replies",
            json={"title": "Hello", "body": "Hi {first_name}!", "tags": ["greeting"]},
            headers=agent,
        )
        assert reply.status_code == 201, reply.text
        document = client.post(
            f"/v1/stores/{SHOP}/documents",
            files={"file": ("returns.md", b"# Returns\n\nReturns are free within 30 days.\n")},
            data={"doc_type": "policy"},
            headers=admin,
        )
        assert document.status_code == 201, document.text
    return Seeded(
        tokens={"shopper": token, "agent": agent_key, "admin": admin_key},
        known={
            "store_id": [SHOP, SHOP, SHOP, RIVAL],
            "conversation_id": [chat.json()["conversation_id"]],
            "number": [order.json()["order_number"]],
            "sku": [SKU],
            "product_ref": [SKU, "1"],
            "reply_id": [str(reply.json()["id"])],
            "document_id": [str(document.json()["document"]["id"])],
            "key_id": [str(spare_id), str(admin_id)],
        },
    )


def role_for(path: str) -> str:
    parts = path.split("/")
    if len(parts) > 4 and parts[4] in SHOPPER_SEGMENTS:
        return "shopper"
    return "agent" if len(parts) > 4 and parts[4] == "console" else "admin"


def known_parameters(path: str, known: dict[str, list[str]]) -> st.SearchStrategy[dict[str, str]]:
    """For each path parameter, most often a value that exists, else the generated one."""
    names = [name for name in known if f"{{{name}}}" in path]
    draws = {name: st.one_of(st.sampled_from(known[name]), st.none()) for name in names}
    return st.fixed_dictionaries(draws).map(
        lambda values: {name: value for name, value in values.items() if value is not None}
    )


def fuzz_operation(
    operation: schemathesis.APIOperation,
    mode: schemathesis.GenerationMode,
    seeded: Seeded,
    tally: Tally,
) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    tokens = seeded.tokens
    right = tokens[role_for(operation.path)]
    # Mostly the right credentials for the shop; sometimes another role's or none, so the
    # 401/403 answers are exercised too.
    who = st.sampled_from([right, right, right, right, tokens["shopper"], tokens["agent"], None])

    @settings(
        max_examples=EXPENSIVE.get(label, EXAMPLES),
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        token=who,
        path=known_parameters(operation.path, seeded.known),
    )
    def run(case: schemathesis.Case, token: str | None, path: dict[str, str]) -> None:
        if path and case.path_parameters is not None:
            case.path_parameters = {**case.path_parameters, **path}
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        started = time.perf_counter()
        response = case.call(headers=headers)
        tally.seconds[label] += time.perf_counter() - started
        tally.requests += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = (label, failure.title)
                tally.failures.setdefault(key, f"{failure.message}\n{case.as_curl_command()}")

    run()


def test_the_api_answers_generated_requests_as_documented(fuzz_app: FastAPI) -> None:
    seeded = seed(fuzz_app)
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        if f"{operation.method.upper()} {operation.path}" in ENDLESS:
            continue
        fuzz_operation(operation, schemathesis.GenerationMode.POSITIVE, seeded, tally)
        definition = operation.definition.raw
        if definition.get("parameters") or "requestBody" in definition:
            fuzz_operation(operation, schemathesis.GenerationMode.NEGATIVE, seeded, tally)
    print(tally.summary())  # shown with -s or -rA: the run's figures
    found = "\n\n".join(
        f"{op}: {title}\n{detail}" for (op, title), detail in tally.failures.items()
    )
    assert not tally.failures, f"{tally.summary()}\n\n{found}"
    assert tally.requests > 500
