"""The queue of conversations waiting for a person, and the lists beside it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.console.conversation_view import last_shopper_message, latest_handoff
from assistant.console.schemas import (
    AgentIdentity,
    ConversationList,
    ConversationSummary,
    Queue,
    QueueItem,
)
from assistant.console.shopper_context import customer_brief, customer_of, open_cart_view
from assistant.domain import Conversation
from assistant.domain.base import utcnow
from tools.pricing_engine import PriceBook
from tools.services import ToolServices

MAX_QUEUE = 200
MAX_LIST = 100


def waiting_queue(
    session: Session,
    tools: ToolServices,
    store_id: str,
    now: datetime | None = None,
) -> Queue:
    """Waiting conversations: higher priority first, then the one waiting longest."""
    now = now or utcnow()
    rows = session.scalars(
        select(Conversation)
        .where(Conversation.store_id == store_id, Conversation.state == "waiting")
        .order_by(Conversation.priority.desc(), Conversation.updated_at)
        .limit(MAX_QUEUE)
    )
    book = PriceBook.load(session, store_id, now)
    items = [_queue_item(session, tools, row, (now, book)) for row in rows]
    items.sort(key=lambda item: (-item.priority, item.waiting_since))
    return Queue(items=items)


def _queue_item(
    session: Session,
    tools: ToolServices,
    conversation: Conversation,
    priced_at: tuple[datetime, PriceBook],
) -> QueueItem:
    now = priced_at[0]
    handoff = latest_handoff(session, conversation.id)
    since = handoff.requested_at if handoff else conversation.updated_at
    cart = open_cart_view(session, tools, conversation, priced_at)
    return QueueItem(
        conversation_id=conversation.id,
        state=conversation.state,
        kind="ticket" if handoff is not None and handoff.status == "ticket" else "live",
        priority=conversation.priority,
        waiting_since=since,
        waited_s=max(0, int((now - since).total_seconds())),
        reason=handoff.reason if handoff else None,
        detail=handoff.detail if handoff else None,
        confidence=handoff.confidence if handoff else None,
        summary=conversation.summary,
        language=conversation.language,
        customer=customer_brief(customer_of(session, conversation)),
        cart_value=cart.total if cart.lines else None,
        cart_items=cart.item_count,
        last_message=last_shopper_message(session, conversation.id),
        contact_email=handoff.contact_email if handoff else None,
        handoff_status=handoff.status if handoff else None,
    )


def conversation_list(
    session: Session,
    agent: AgentIdentity,
    *,
    state: str | None,
    mine: bool,
) -> ConversationList:
    """Conversations of the agent's store, optionally in one state or held by this agent."""
    query = select(Conversation).where(Conversation.store_id == agent.store_id)
    if state is not None:
        query = query.where(Conversation.state == state)
    if mine:
        query = query.where(Conversation.assigned_agent == agent.agent_id)
    rows = session.scalars(query.order_by(Conversation.updated_at.desc()).limit(MAX_LIST))
    return ConversationList(
        items=[
            ConversationSummary(
                conversation_id=row.id,
                state=row.state,
                assigned_agent=row.assigned_agent,
                language=row.language,
                summary=row.summary,
                updated_at=row.updated_at,
                customer=customer_brief(customer_of(session, row)),
                last_message=last_shopper_message(session, row.id),
            )
            for row in rows
        ]
    )
