import pytest
from sqlalchemy import select

from assistant.db import Database
from assistant.domain import ApiKey
from assistant.domain.base import utcnow
from assistant.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from assistant.stores import authenticate_api_key, create_api_key, replace_named_key
from tests.factories import make_store


def test_a_key_is_stored_only_as_a_hash(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "acme")
        key, secret = create_api_key(session, "acme", "ops", ["admin"])
    with database.session() as session:
        row = session.scalars(select(ApiKey)).one()
        assert secret not in (row.key_hash, row.prefix)
        assert secret.startswith(row.prefix + "_")
        assert authenticate_api_key(session, secret).id == key.id


def test_agent_key_cannot_act_as_admin(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "acme")
        _key, secret = create_api_key(session, "acme", "desk", ["agent"])
    with database.session() as session:
        assert authenticate_api_key(session, secret, needs="agent")
        with pytest.raises(PermissionDeniedError):
            authenticate_api_key(session, secret, needs="admin")


@pytest.mark.parametrize("presented", ["", "nonsense", "sak_abc_def", "sak__x"])
def test_unknown_keys_are_refused(database: Database, presented: str) -> None:
    with database.session() as session, pytest.raises(AuthenticationError):
        authenticate_api_key(session, presented)


def test_a_tampered_or_revoked_key_is_refused(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "acme")
        key, secret = create_api_key(session, "acme", "ops", ["admin"])
    with database.session() as session, pytest.raises(AuthenticationError):
        authenticate_api_key(session, secret + "x")
    with database.transaction() as session:
        session.get(ApiKey, key.id).revoked_at = utcnow()  # type: ignore[union-attr]
    with database.session() as session, pytest.raises(AuthenticationError):
        authenticate_api_key(session, secret)


def test_store_ids_are_slugs_and_unique(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "acme")
    with database.session() as session:
        with pytest.raises(ConflictError):
            make_store(session, "acme")
        with pytest.raises(InvalidInputError):
            make_store(session, "Not A Slug")
        with pytest.raises(InvalidInputError):
            create_api_key(session, "acme", "x", ["superuser"])


def test_replacing_a_named_key_revokes_the_old_one(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "shop")
        _, first = replace_named_key(session, "shop", "demo console", ["agent"])
        _, second = replace_named_key(session, "shop", "demo console", ["agent"])
    with database.transaction() as session:
        assert authenticate_api_key(session, second, needs="agent").name == "demo console"
        with pytest.raises(AuthenticationError):
            authenticate_api_key(session, first)
