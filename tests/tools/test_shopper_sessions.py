from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Customer, Store
from assistant.errors import AuthenticationError, NotFoundError
from assistant.shopper_sessions import (
    identify_session,
    issue_session_token,
    read_session_token,
    resolve_session,
    start_session,
)
from tests.factories import make_store


def customer_token(database: Database, store_id: str, sub: str, **claims: object) -> str:
    with database.session() as session:
        secret = session.get_one(Store, store_id).customer_token_secret
    expires = datetime.now(UTC) + timedelta(minutes=5)
    return jwt.encode({"sub": sub, "exp": expires, **claims}, secret, algorithm="HS256")


@pytest.fixture
def store(database: Database) -> str:
    with database.transaction() as session:
        make_store(session, "shop")
    return "shop"


def test_a_new_session_token_names_the_session_and_store(
    store: str, database: Database, settings: Settings
) -> None:
    with database.transaction() as session:
        issued = start_session(session, settings, store)
    assert read_session_token(settings, issued.token) == (issued.identity.session_id, store)


def test_a_session_in_an_unknown_store_is_not_found(database: Database, settings: Settings) -> None:
    with database.transaction() as session, pytest.raises(NotFoundError):
        start_session(session, settings, "nowhere")


def test_a_token_signed_with_another_secret_is_refused(
    store: str, database: Database, settings: Settings
) -> None:
    with database.transaction() as session:
        issued = start_session(session, settings, store)
    other = settings.model_copy(update={"secret_key": SecretStr("another-secret-entirely")})
    with pytest.raises(AuthenticationError):
        read_session_token(other, issued.token)


def test_an_expired_token_is_refused(settings: Settings) -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    token = issue_session_token(
        settings, "sid", "shop", issued_at=past, expires_at=past + timedelta(hours=1)
    )
    with pytest.raises(AuthenticationError, match="expired"):
        read_session_token(settings, token)


def test_a_customer_token_identifies_the_session(
    store: str, database: Database, settings: Settings
) -> None:
    token = customer_token(database, store, "cust-9", email="nine@example.com")
    with database.transaction() as session:
        issued = start_session(session, settings, store, customer_token=token)
    with database.session() as session:
        customer = session.scalars(select(Customer)).one()
        assert (customer.external_id, customer.email) == ("cust-9", "nine@example.com")
        assert resolve_session(session, settings, issued.token).customer_id == customer.id


def test_a_known_customer_is_not_created_twice(
    store: str, database: Database, settings: Settings
) -> None:
    for _ in range(2):
        with database.transaction() as session:
            start_session(
                session, settings, store, customer_token=customer_token(database, store, "c-1")
            )
    with database.session() as session:
        assert len(session.scalars(select(Customer)).all()) == 1


def test_a_customer_token_of_another_store_is_refused(
    store: str, database: Database, settings: Settings
) -> None:
    with database.transaction() as session:
        make_store(session, "other")
    token = customer_token(database, "other", "c-1")
    with database.transaction() as session, pytest.raises(AuthenticationError):
        start_session(session, settings, store, customer_token=token)


def test_a_session_can_be_identified_later(
    store: str, database: Database, settings: Settings
) -> None:
    with database.transaction() as session:
        issued = start_session(session, settings, store)
    with database.transaction() as session:
        identify_session(session, issued.identity, customer_token(database, store, "c-2"))
    with database.session() as session:
        assert resolve_session(session, settings, issued.token).customer_id is not None
