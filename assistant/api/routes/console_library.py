"""The console's library: canned replies and the transcript archive (agent-scoped keys)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.api.deps import DatabaseDep
from assistant.api.routes.console import Agent
from assistant.console import canned
from assistant.console.archive import search_archive
from assistant.console.schemas import ArchivePage
from assistant.domain import CannedReply

router = APIRouter(prefix="/v1/stores/{store_id}/console", tags=["console"])

ReplyIdPath = Annotated[int, Path(ge=1, le=2**62)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Body = Annotated[
    str,
    Field(
        min_length=1,
        max_length=4000,
        description="Text with optional variables: "
        + ", ".join(f"{{{name}}}" for name in canned.VARIABLES)
        + ".",
    ),
]
Shortcut = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_./-]+$")]
Tag = Annotated[str, Field(min_length=1, max_length=50)]


class CannedReplyCreate(BaseModel):
    """A new canned reply."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    body: Body
    shortcut: Shortcut | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)


class CannedReplyUpdate(BaseModel):
    """Fields to change; the ones left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    body: Body | None = None
    shortcut: Shortcut | None = None
    tags: list[Tag] | None = Field(
        default=None, max_length=20, description="The new tags; null or [] removes every tag."
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> CannedReplyUpdate:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        if self.title is None and "title" in self.model_fields_set:
            raise ValueError("title cannot be null")
        if self.body is None and "body" in self.model_fields_set:
            raise ValueError("body cannot be null")
        return self


class CannedReplyPublic(BaseModel):
    """A canned reply as listed."""

    id: int
    title: str
    body: str
    shortcut: str | None
    tags: list[str]
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class CannedReplyList(BaseModel):
    """Replies matching the search, by title, and the variables bodies may use."""

    items: list[CannedReplyPublic]
    variables: dict[str, str]


class RenderRequest(BaseModel):
    """The conversation whose details fill the variables."""

    conversation_id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")


class Rendered(BaseModel):
    """The reply ready to send (or to edit first)."""

    text: str


def _public(row: CannedReply) -> CannedReplyPublic:
    return CannedReplyPublic(
        id=row.id,
        title=row.title,
        body=row.body,
        shortcut=row.shortcut,
        tags=[str(tag) for tag in row.tags or []],
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.get("/canned-replies", summary="List or search canned replies")
def list_canned(
    agent: Agent,
    database: DatabaseDep,
    q: Annotated[str | None, Query(max_length=200, description="Words to look for.")] = None,
) -> CannedReplyList:
    """Every word of `q` must appear in the title, body, shortcut or tags."""
    with database.session() as session:
        rows = canned.list_replies(session, agent.store_id, q)
        return CannedReplyList(items=[_public(row) for row in rows], variables=canned.VARIABLES)


@router.post(
    "/canned-replies",
    status_code=status.HTTP_201_CREATED,
    summary="Create a canned reply",
    responses={409: {"description": "A reply with this title exists."}},
)
def create_canned(
    body: CannedReplyCreate, agent: Agent, database: DatabaseDep
) -> CannedReplyPublic:
    """Unknown variables in the body are refused (422) with the list of allowed ones."""
    with database.transaction() as session:
        row = canned.create_reply(
            session,
            agent.store_id,
            title=body.title,
            body=body.body,
            shortcut=body.shortcut,
            tags=body.tags,
            created_by=agent.name,
        )
        return _public(row)


@router.patch("/canned-replies/{reply_id}", summary="Edit a canned reply")
def update_canned(
    reply_id: ReplyIdPath, body: CannedReplyUpdate, agent: Agent, database: DatabaseDep
) -> CannedReplyPublic:
    """Change the fields sent."""
    changes = body.model_dump(exclude_unset=True)
    with database.transaction() as session:
        return _public(canned.update_reply(session, agent.store_id, reply_id, changes))


@router.delete(
    "/canned-replies/{reply_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a canned reply",
)
def delete_canned(reply_id: ReplyIdPath, agent: Agent, database: DatabaseDep) -> Response:
    """Gone for every agent of the store."""
    with database.transaction() as session:
        canned.delete_reply(session, agent.store_id, reply_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/canned-replies/{reply_id}/render", summary="Fill in a canned reply")
def render_canned(
    reply_id: ReplyIdPath, body: RenderRequest, agent: Agent, database: DatabaseDep
) -> Rendered:
    """The body with first name, order number and product name taken from the conversation;
    a detail the conversation does not know becomes a neutral word ("there", "your order")."""
    with database.session() as session:
        text = canned.render_reply(
            session, agent.store_id, reply_id, body.conversation_id, agent.name
        )
        return Rendered(text=text)


@router.get("/archive", summary="Search past conversations")
def archive(
    agent: Agent,
    database: DatabaseDep,
    q: Annotated[str | None, Query(max_length=200, description="Words said in it.")] = None,
    since: Annotated[datetime | None, Query(description="Started at or after.")] = None,
    until: Annotated[datetime | None, Query(description="Started before.")] = None,
    outcome: Annotated[
        Literal["resolved", "no_response", "spam", "open"] | None,
        Query(description="How it ended; 'open' for not resolved yet."),
    ] = None,
    reason: Annotated[str | None, Query(max_length=64, description="A handoff reason.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ArchivePage:
    """Full-text search over messages (shopper, bot, agents and notes), newest first."""
    with database.session() as session:
        return search_archive(
            session,
            agent.store_id,
            query=q,
            since=since,
            until=until,
            outcome=outcome,
            reason=reason,
            limit=limit,
            offset=offset,
        )
