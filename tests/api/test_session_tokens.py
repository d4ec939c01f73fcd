"""Session tokens: signed, expiring, bound to a store; anything else is 401."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import ShopperSession
from assistant.domain.base import utcnow
from assistant.shopper_sessions import issue_session_token
from tests.api.conftest import Shopper

UNAUTHENTICATED = (401, "unauthenticated")


def chat_with(client: TestClient, token: str) -> tuple[int, str | None]:
    response = client.post(
        "/v1/stores/shop/chat/messages",
        json={"message": "hi"},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json().get("error", {}).get("code")


def test_an_expired_token_is_401(client: TestClient, settings: Settings) -> None:
    shopper = Shopper(client)
    past = utcnow() - timedelta(hours=2)
    token = issue_session_token(
        settings, shopper.session_id, "shop", issued_at=past, expires_at=past + timedelta(hours=1)
    )
    assert chat_with(client, token) == UNAUTHENTICATED


def test_a_token_for_an_expired_session_is_401(client: TestClient, database: Database) -> None:
    shopper = Shopper(client)
    with database.transaction() as session:
        session.get_one(ShopperSession, shopper.session_id).expires_at = utcnow() - timedelta(
            seconds=1
        )
    assert chat_with(client, shopper.token) == UNAUTHENTICATED


def test_a_tampered_token_is_401(client: TestClient) -> None:
    shopper = Shopper(client)
    header, claims, signature = shopper.token.split(".")
    forged_claims = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(claims).replace(b'"shop"', b'"shoq"')
    ).decode()
    assert chat_with(client, f"{header}.{forged_claims}.{signature}") == UNAUTHENTICATED


def test_a_token_signed_with_another_secret_is_401(client: TestClient, settings: Settings) -> None:
    shopper = Shopper(client)
    other = settings.model_copy(update={"secret_key": SecretStr("another-secret")})
    now = utcnow()
    token = issue_session_token(
        other, shopper.session_id, "shop", issued_at=now, expires_at=now + timedelta(hours=1)
    )
    assert chat_with(client, token) == UNAUTHENTICATED


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c"])
def test_garbage_is_401(client: TestClient, token: str) -> None:
    response = client.get(
        "/v1/stores/shop/chat/messages", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_a_valid_token_is_accepted(client: TestClient) -> None:
    shopper = Shopper(client)
    assert shopper.get("/chat/messages").status_code == 200
