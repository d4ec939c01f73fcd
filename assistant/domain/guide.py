"""The proactive guide's own rows: the openers it posted and the shoppers who switched it off.

Openers are stored (not kept in a process) so the caps hold whichever API instance receives a
shopper's events: at most N a day, never twice about the same subject (a product or a cart).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow


class GuideOpener(StoreScoped, Base):
    """A message the guide opened a conversation with, and the rule that fired it."""

    __tablename__ = "guide_openers"
    __table_args__ = (UniqueConstraint("session_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("shopper_sessions.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True, default=None
    )
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), default=None
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), default=None
    )
    rule: Mapped[str] = mapped_column(String(32))
    # 'product:<id>' or 'cart:<id>': what the opener was about, at most once per shopper.
    subject: Mapped[str] = mapped_column(String(64))
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), default=None
    )
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class GuideOptOut(StoreScoped, Base):
    """A shopper who asked for no more openers: the session, and the customer when known."""

    __tablename__ = "guide_opt_outs"
    __table_args__ = (UniqueConstraint("session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("shopper_sessions.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True, default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
