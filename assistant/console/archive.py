"""The transcript archive: conversations found by what was said, for quality checks.

On PostgreSQL the words are matched with its full-text search (`websearch_to_tsquery` on the
'simple' configuration, so "quoted phrases", OR and -exclusions work in any language that
separates words with spaces). Text in scripts written without spaces (Chinese) and SQLite fall
back to matching every word as a case-insensitive substring.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, literal_column, select
from sqlalchemy.orm import Session

from assistant.console.schemas import ArchiveHit, ArchivePage
from assistant.domain import Conversation, Handoff, Message
from text.cjk import UNSPACED_CLASS

SEARCHED_ROLES = ("user", "assistant", "agent", "note")
SNIPPET_CHARS = 200
# The text search configuration: no stemming or stop words, so it suits any language.
SIMPLE: ColumnElement[str] = literal_column("'simple'::regconfig")
_UNSPACED = re.compile(f"[{UNSPACED_CLASS}]")


def search_archive(
    session: Session,
    store_id: str,
    *,
    query: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    outcome: str | None = None,
    reason: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> ArchivePage:
    """Conversations of the store matching every filter, newest first."""
    filters: list[ColumnElement[bool]] = [Conversation.store_id == store_id]
    if since is not None:
        filters.append(Conversation.created_at >= since)
    if until is not None:
        filters.append(Conversation.created_at < until)
    if outcome == "open":
        filters.append(Conversation.state != "resolved")
    elif outcome is not None:
        filters.append(Conversation.outcome == outcome)
    if reason is not None:
        filters.append(
            Conversation.id.in_(select(Handoff.conversation_id).where(Handoff.reason == reason))
        )
    text = (query or "").strip()
    matches = _matching_messages(session, text) if text else None
    if matches is not None:
        filters.append(
            Conversation.id.in_(
                select(Message.conversation_id).where(Message.store_id == store_id, matches)
            )
        )
    total = session.scalar(select(func.count()).select_from(Conversation).where(*filters)) or 0
    rows = session.scalars(
        select(Conversation)
        .where(*filters)
        .order_by(Conversation.created_at.desc(), Conversation.id)
        .limit(limit)
        .offset(offset)
    ).all()
    hits = [
        ArchiveHit(
            conversation_id=row.id,
            state=row.state,
            outcome=row.outcome,
            reason=_first_reason(session, row.id),
            created_at=row.created_at,
            resolved_at=row.resolved_at,
            snippet=_snippet(session, row.id, matches, text),
        )
        for row in rows
    ]
    return ArchivePage(items=hits, total=total)


def _matching_messages(session: Session, text: str) -> ColumnElement[bool]:
    roles = Message.role.in_(SEARCHED_ROLES)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql" and not _UNSPACED.search(text):
        document = func.to_tsvector(SIMPLE, Message.content)
        wanted = func.websearch_to_tsquery(SIMPLE, text)
        return and_(roles, document.op("@@")(wanted))
    words = [word for word in re.split(r"\s+", text) if word.strip('"')]
    return and_(
        roles,
        *(func.lower(Message.content).contains(word.strip('"').lower()) for word in words),
    )


def _first_reason(session: Session, conversation_id: str) -> str | None:
    return session.scalar(
        select(Handoff.reason)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.requested_at, Handoff.id)
        .limit(1)
    )


def _snippet(
    session: Session,
    conversation_id: str,
    matches: ColumnElement[bool] | None,
    text: str,
) -> str | None:
    query = select(Message.content).where(Message.conversation_id == conversation_id)
    query = query.where(matches) if matches is not None else query.where(Message.role == "user")
    content = session.scalar(query.order_by(Message.id).limit(1))
    if content is None:
        return None
    flat = " ".join(content.split())
    first_word = next((w.strip('"').lower() for w in text.split() if w.strip('"-')), "")
    at = flat.lower().find(first_word) if first_word else -1
    start = max(0, at - SNIPPET_CHARS // 3) if at > 0 else 0
    piece = flat[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(flat) else "")
