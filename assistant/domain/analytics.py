"""What analytics needs that no other row records: the products a conversation showed or put in
the cart, and the questions the assistant could not answer well (knowledge gaps).

The composite indexes at the end serve the analytics queries, which always filter one store and
a date range.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow
from assistant.domain.conversations import Conversation, Handoff
from assistant.domain.orders import Order


class ConversationProduct(StoreScoped, Base):
    """A product a conversation showed the shopper (`card`) or changed in the cart (`cart`)."""

    __tablename__ = "conversation_products"
    __table_args__ = (
        UniqueConstraint("conversation_id", "product_id", "kind"),
        Index("ix_conversation_products_store_created", "store_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgeGap(StoreScoped, Base):
    """A shopper's question the assistant answered poorly: it handed off, the product
    information did not state the answer, or its confidence was below the store's threshold."""

    __tablename__ = "knowledge_gaps"
    __table_args__ = (Index("ix_knowledge_gaps_store_created", "store_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64), default=None)
    confidence: Mapped[float | None] = mapped_column(default=None)
    language: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_conversations_store_created", Conversation.store_id, Conversation.created_at)
Index("ix_handoffs_store_requested", Handoff.store_id, Handoff.requested_at)
Index("ix_orders_store_placed", Order.store_id, Order.placed_at)
# Matching orders and returning shoppers to conversations by session or customer.
Index("ix_conversations_customer", Conversation.customer_id)
Index("ix_orders_session", Order.session_id)
