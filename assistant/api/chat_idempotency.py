"""Sending a chat message again safely: the optional `Idempotency-Key` of `POST chat/messages`.

A client that lost the answer (a dropped connection, an instance that went away) resends the
message with the same key. The key is claimed in `idempotency_records` (scope: the shopper
session) before the turn runs, in a transaction of its own:

- a resend after the turn finished replays the stored reply (or the stored provider failure)
  and runs nothing: the message is not stored twice and no tool runs twice;
- a resend while the first is still being answered is a 409 `conflict`, with a hint to read the
  transcript;
- the same key with another message is a 409 `idempotency_conflict`;
- a claim older than the turn's time-out (its instance went away mid-turn) is taken over by the
  first resend, so the shopper still gets an answer;
- a turn that raised releases its claim, so the resend runs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from assistant.api.chat_schemas import ChatReply
from assistant.db import Database
from assistant.domain import IdempotencyRecord
from assistant.domain.base import utcnow
from assistant.errors import ConflictError, IdempotencyConflictError
from assistant.shopper_sessions import ShopperIdentity
from tools.idempotency import claim_record, find_record, request_fingerprint

OPERATION = "chat.message"
# A claim this much older than the turn's time-out belongs to a turn that will never finish.
STALE_GRACE = timedelta(seconds=10)


@dataclass(frozen=True)
class StoredReply:
    """A finished turn's answer: the reply and whether the model call had failed."""

    reply: ChatReply
    failed: bool


@dataclass(frozen=True)
class Claim:
    """The right to run the turn for one (session, key); `record_id` is None without a key."""

    database: Database
    record_id: int | None

    def finish(self, reply: ChatReply, *, failed: bool) -> None:
        """Store the answer for later resends."""
        if self.record_id is None:
            return
        with self.database.transaction() as session:
            session.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.id == self.record_id)
                .values(response={"failed": failed, "reply": reply.model_dump(mode="json")})
            )

    def release(self) -> None:
        """Forget the claim after a turn that raised, so a resend runs the turn again."""
        if self.record_id is None:
            return
        with self.database.transaction() as session:
            session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == self.record_id))


def claim_message(
    database: Database,
    shopper: ShopperIdentity,
    key: str | None,
    text: str,
    *,
    turn_timeout_s: float,
) -> Claim | StoredReply:
    """Claim `key` for this message, or return the answer a finished turn already gave.

    Raises:
        ConflictError: the same message with this key is still being answered.
        IdempotencyConflictError: the key was used for another message.
    """
    if key is None:
        return Claim(database, None)
    scope = f"chat:{shopper.session_id}"
    fingerprint = request_fingerprint(OPERATION, {"message": text})
    try:
        with database.transaction() as session:
            record = claim_record(session, shopper.store_id, scope, key, OPERATION, fingerprint)
            return Claim(database, record.id)
    except IntegrityError:
        pass
    with database.transaction() as session:
        earlier = find_record(session, shopper.store_id, scope, key)
        if earlier is None:  # released between our insert and this read: a turn that raised
            raise ConflictError("the same message was sent twice at once; send it again")
        if earlier.operation != OPERATION or earlier.request_hash != fingerprint:
            raise IdempotencyConflictError(
                "this idempotency key was already used for another message"
            )
        if earlier.response:
            return StoredReply(
                ChatReply.model_validate(earlier.response["reply"]),
                failed=bool(earlier.response.get("failed")),
            )
        now = utcnow()
        stale_before = now - timedelta(seconds=turn_timeout_s) - STALE_GRACE
        taken = session.execute(
            update(IdempotencyRecord)
            .where(
                IdempotencyRecord.id == earlier.id,
                IdempotencyRecord.created_at < stale_before,
            )
            .values(created_at=now)
        )
        if taken.rowcount == 1:
            return Claim(database, earlier.id)
    raise ConflictError(
        "this message is still being answered; read the transcript for the reply",
        details={"retry": "GET chat/messages"},
    )
