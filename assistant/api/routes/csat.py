"""CSAT for shoppers: end the chat, then rate the resolved conversation (1 to 5, a comment).

Both need the session token of the path's store; another session's conversation is not found.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from assistant import csat
from assistant.api.chat_transcript import own_conversation
from assistant.api.deps import DatabaseDep
from assistant.api.errors import ErrorBody
from assistant.api.shopper_auth import ShopperDep
from assistant.domain import Feedback

router = APIRouter(prefix="/v1/stores/{store_id}/chat/conversations", tags=["chat"])

ConversationPath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing, invalid or expired session token."},
    403: {"model": ErrorBody, "description": "The token belongs to another store."},
    404: {"model": ErrorBody, "description": "No such conversation for this session."},
}


class RatingCreate(BaseModel):
    """How satisfied the shopper was with the conversation."""

    rating: int = Field(ge=1, le=5, description="1 (very unhappy) to 5 (very happy).")
    comment: str | None = Field(default=None, max_length=1000)


class RatingPublic(BaseModel):
    """The conversation's rating, and who had resolved it when it was rated."""

    conversation_id: str
    rating: int
    comment: str | None
    resolver: Literal["bot", "person"]
    created_at: datetime
    updated_at: datetime | None

    @classmethod
    def of(cls, row: Feedback) -> RatingPublic:
        """The public view of a stored rating."""
        return cls(
            conversation_id=row.conversation_id,
            rating=row.rating,
            comment=row.comment,
            resolver="person" if row.resolver == "person" else "bot",
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ChatEnded(BaseModel):
    """The conversation after the shopper ended it."""

    conversation_id: str
    state: Literal["resolved"] = "resolved"


@router.post(
    "/{conversation_id}/end",
    summary="End the chat",
    responses={
        **_ERRORS,
        409: {"model": ErrorBody, "description": "A person is handling the conversation."},
    },
)
def end_chat(
    conversation_id: ConversationPath, shopper: ShopperDep, database: DatabaseDep
) -> ChatEnded:
    """Close a conversation the bot holds (resolved by the bot); the next message starts a new
    one. Ending an already resolved conversation changes nothing."""
    with database.transaction() as session:
        conversation = own_conversation(session, shopper, conversation_id)
        csat.end_chat(session, conversation)
        return ChatEnded(conversation_id=conversation.id)


@router.put(
    "/{conversation_id}/rating",
    summary="Rate a resolved conversation",
    responses={
        **_ERRORS,
        409: {"model": ErrorBody, "description": "The conversation is not resolved yet."},
        422: {"model": ErrorBody, "description": "Rating outside 1-5 or comment too long."},
    },
)
def rate_conversation(
    conversation_id: ConversationPath,
    body: RatingCreate,
    shopper: ShopperDep,
    database: DatabaseDep,
) -> RatingPublic:
    """One rating per conversation; sending another replaces the score and comment."""
    with database.transaction() as session:
        conversation = own_conversation(session, shopper, conversation_id)
        row = csat.rate(session, conversation, body.rating, body.comment)
        return RatingPublic.of(row)


@router.get(
    "/{conversation_id}/rating", summary="Read the conversation's rating", responses=_ERRORS
)
def read_rating(
    conversation_id: ConversationPath, shopper: ShopperDep, database: DatabaseDep
) -> RatingPublic | None:
    """The rating, or null before the shopper rated."""
    with database.session() as session:
        conversation = own_conversation(session, shopper, conversation_id)
        row = csat.conversation_rating(session, conversation.id)
        return RatingPublic.of(row) if row is not None else None
