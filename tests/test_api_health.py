from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database


def test_healthz_answers(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_checks_the_database(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database)) as client:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_unknown_route_has_the_stable_error_body(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database)) as client:
        response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
