"""Idempotent writes: the same key and request replay the stored result and change nothing more.

Records live in `idempotency_records`, unique on (store, scope, key); the scope is the shopper
session, so one shopper's key never replays another's result. The record is inserted *before*
the effect, in the effect's transaction: a parallel request with the same key blocks on the
unique index (PostgreSQL) or on the write lock (SQLite) until the first commits, then fails to
insert and reads the stored result instead, so the effect happens exactly once. A request that
ends in a recoverable `ToolError` changed nothing and stores nothing: retrying it runs it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.domain import IdempotencyRecord
from assistant.errors import ConflictError, IdempotencyConflictError, InvalidInputError
from tools.deps import ToolDeps
from tools.results import ToolError

ResultT = TypeVar("ResultT", bound=BaseModel)
MAX_KEY_LENGTH = 200


class _Abandon(Exception):
    """Rolls the write back, carrying the recoverable error to return."""

    def __init__(self, error: ToolError) -> None:
        super().__init__(error.message)
        self.error = error


def request_fingerprint(operation: str, request: Mapping[str, object]) -> str:
    """SHA-256 of the operation and its canonical JSON arguments."""
    canonical = json.dumps(
        {"operation": operation, "request": request}, sort_keys=True, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim_record(
    session: Session, store_id: str, scope: str, key: str, operation: str, fingerprint: str
) -> IdempotencyRecord:
    """Insert the (store, scope, key) record with no response yet; a key already claimed
    raises `IntegrityError` at the flush."""
    record = IdempotencyRecord(
        store_id=store_id,
        scope=scope,
        key=key,
        operation=operation,
        request_hash=fingerprint,
        response={},
    )
    session.add(record)
    session.flush()
    return record


def find_record(session: Session, store_id: str, scope: str, key: str) -> IdempotencyRecord | None:
    """The record of (store, scope, key), if the key was claimed."""
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.store_id == store_id,
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
        )
    )


def run_write(
    deps: ToolDeps,
    *,
    operation: str,
    key: str,
    request: Mapping[str, object],
    result_type: type[ResultT],
    effect: Callable[[Session], ResultT | ToolError],
) -> ResultT | ToolError:
    """Run `effect` once per (session, key); replays return the first result.

    Raises:
        IdempotencyConflictError: the key was used before for a different request.
        InvalidInputError: the key is empty or longer than 200 characters.
    """
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInputError("an idempotency key must have 1 to 200 characters")
    scope = f"session:{deps.session_id}"
    fingerprint = request_fingerprint(operation, request)

    def stored() -> ResultT | None:
        with deps.database.session() as session:
            return _replay(session, deps.store_id, scope, key, operation, fingerprint, result_type)

    earlier = stored()
    if earlier is not None:
        return earlier
    try:
        with deps.database.transaction() as session:
            record = claim_record(session, deps.store_id, scope, key, operation, fingerprint)
            outcome = effect(session)
            if isinstance(outcome, ToolError):
                raise _Abandon(outcome)
            record.response = outcome.model_dump(mode="json")
    except _Abandon as abandoned:
        return abandoned.error
    except IntegrityError:
        earlier = stored()
        if earlier is None:
            raise ConflictError(
                "the cart changed at the same moment; send the request again"
            ) from None
        return earlier
    return outcome


def _replay(
    session: Session,
    store_id: str,
    scope: str,
    key: str,
    operation: str,
    fingerprint: str,
    result_type: type[ResultT],
) -> ResultT | None:
    record = find_record(session, store_id, scope, key)
    if record is None:
        return None
    if record.operation != operation or record.request_hash != fingerprint:
        raise IdempotencyConflictError(
            "this idempotency key was already used for a different request",
            details={"operation": record.operation},
        )
    return result_type.model_validate(record.response)
