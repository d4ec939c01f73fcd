"""Canned replies: the store's ready-made answers, searched and filled in for a conversation.

Bodies may use the variables in VARIABLES, written `{first_name}`. Anything else in braces is
refused when the reply is saved, so a typo shows up when it is written, not in front of a
shopper.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.console.shopper_context import customer_of, latest_order_number
from assistant.conversations import get_conversation
from assistant.domain import CannedReply, Store
from assistant.errors import ConflictError, InvalidInputError, NotFoundError

VARIABLES: dict[str, str] = {
    "first_name": "The customer's first name ('there' when unknown).",
    "order_number": "The number of the shopper's latest order.",
    "product_name": "The product discussed last.",
    "agent_name": "The name of the agent sending the reply.",
    "store_name": "The store's name.",
}
# What a variable becomes when the conversation does not know it, so the text still reads.
FALLBACKS = {
    "first_name": "there",
    "order_number": "your order",
    "product_name": "the product",
}


def check_body(body: str) -> None:
    """Refuse a body with unknown variables or unbalanced braces (422)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(body) if name is not None]
    except ValueError as exc:
        raise InvalidInputError(
            f"the reply has a stray brace: {exc}; write {{{{ or }}}} for a literal brace"
        ) from None
    unknown = sorted({name for name in fields if name not in VARIABLES})
    if unknown:
        raise InvalidInputError(
            f"unknown variable(s): {', '.join(unknown)}",
            details={"unknown": unknown, "allowed": sorted(VARIABLES)},
        )


def list_replies(session: Session, store_id: str, query: str | None = None) -> list[CannedReply]:
    """The store's replies by title; with `query`, those whose every word appears in the title,
    body, shortcut or tags (case-insensitive)."""
    rows = list(
        session.scalars(
            select(CannedReply).where(CannedReply.store_id == store_id).order_by(CannedReply.title)
        )
    )
    words = (query or "").casefold().split()
    if not words:
        return rows
    return [row for row in rows if all(word in _haystack(row) for word in words)]


def create_reply(
    session: Session,
    store_id: str,
    *,
    title: str,
    body: str,
    shortcut: str | None,
    tags: list[str],
    created_by: str,
) -> CannedReply:
    """A new reply; the title must be unique in the store (409 otherwise)."""
    check_body(body)
    row = CannedReply(
        store_id=store_id,
        title=title,
        body=body,
        shortcut=shortcut,
        tags=tags,
        created_by=created_by,
    )
    _saved(session, title, lambda: session.add(row))
    return row


def get_reply(session: Session, store_id: str, reply_id: int) -> CannedReply:
    """A reply of this store, or NotFoundError."""
    row = session.get(CannedReply, reply_id)
    if row is None or row.store_id != store_id:
        raise NotFoundError("no such canned reply")
    return row


def update_reply(
    session: Session, store_id: str, reply_id: int, changes: dict[str, object]
) -> CannedReply:
    """Change the given fields of a reply; `tags` set to None removes every tag."""
    row = get_reply(session, store_id, reply_id)
    if "body" in changes:
        check_body(str(changes["body"]))
    if "tags" in changes and changes["tags"] is None:
        changes = {**changes, "tags": []}
    title = str(changes.get("title") or row.title)

    def write() -> None:
        for name, value in changes.items():
            setattr(row, name, value)

    _saved(session, title, write)
    return row


def delete_reply(session: Session, store_id: str, reply_id: int) -> None:
    """Delete a reply."""
    session.delete(get_reply(session, store_id, reply_id))
    session.flush()


def render_reply(
    session: Session, store_id: str, reply_id: int, conversation_id: str, agent_name: str
) -> str:
    """The reply's body with its variables filled in from the conversation."""
    row = get_reply(session, store_id, reply_id)
    conversation = get_conversation(session, store_id, conversation_id)
    customer = customer_of(session, conversation)
    store = session.get(Store, store_id)
    product = (conversation.context or {}).get("last_product") or {}
    values = {
        "first_name": customer.first_name if customer else None,
        "order_number": latest_order_number(session, conversation, customer),
        "product_name": product.get("title") if isinstance(product, dict) else None,
        "agent_name": agent_name,
        "store_name": store.name if store else None,
    }
    filled = {name: value or FALLBACKS.get(name, "") for name, value in values.items()}
    return row.body.format_map(filled)


def _haystack(row: CannedReply) -> str:
    # `or []`: rows saved before null tags were normalised hold NULL.
    return " ".join([row.title, row.body, row.shortcut or "", *map(str, row.tags or [])]).casefold()


def _saved(session: Session, title: str, write: Callable[[], None]) -> None:
    """Make the change inside a savepoint, so a duplicate title (the store's unique constraint)
    rolls back only the change and answers 409; a change made before the savepoint opened would
    be flushed by `begin_nested` itself, outside the `try`, and abort the whole transaction."""
    try:
        with session.begin_nested():
            write()
            session.flush()
    except IntegrityError:
        raise ConflictError(
            f"a canned reply titled {title!r} already exists", details={"title": title}
        ) from None
