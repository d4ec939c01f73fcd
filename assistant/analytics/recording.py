"""Recording what analytics needs as it happens: the products a conversation showed as cards or
changed in the cart, and the questions the assistant could not answer well."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.agent.turn import ToolCallRecord
from assistant.domain import Conversation, ConversationProduct, KnowledgeGap
from assistant.domain.base import utcnow

CART_TOOLS = frozenset({"add_to_cart", "update_cart_item"})
# Handoffs that say the assistant lacked an answer; a shopper asking for a person, a complaint,
# stock, a service request or a system failure says nothing about a missing FAQ.
GAP_HANDOFF_REASONS = frozenset(
    {"low_confidence", "repeated_failure", "no_answer", "out_of_policy", "other"}
)
MAX_QUESTION_CHARS = 1000


def carted_products(calls: Sequence[ToolCallRecord]) -> list[int]:
    """The products whose lines the turn's successful cart tools added or changed."""
    found: list[int] = []
    for call in calls:
        result = call.result
        if call.name not in CART_TOOLS or not call.ok or not isinstance(result, dict):
            continue
        if result.get("ok") is False:
            continue
        sku = str(call.arguments.get("sku") or "").upper()
        for line in result.get("lines") or []:
            if not isinstance(line, dict) or str(line.get("sku") or "").upper() != sku:
                continue
            product_id = line.get("product_id")
            if isinstance(product_id, int) and product_id not in found:
                found.append(product_id)
    return found


def record_products(
    session: Session, store_id: str, conversation_id: str, kind: str, product_ids: Iterable[int]
) -> int:
    """Remember each product once per conversation and kind; how many were new."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        return 0
    known = set(
        session.scalars(
            select(ConversationProduct.product_id).where(
                ConversationProduct.conversation_id == conversation_id,
                ConversationProduct.kind == kind,
                ConversationProduct.product_id.in_(wanted),
            )
        )
    )
    fresh = [product_id for product_id in wanted if product_id not in known]
    if not fresh:  # recorded before, so `assisted_at` is already set
        return 0
    session.add_all(
        ConversationProduct(
            store_id=store_id, conversation_id=conversation_id, product_id=product_id, kind=kind
        )
        for product_id in fresh
    )
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.assisted_at.is_(None))
        .values(assisted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return len(fresh)


def not_stated(calls: Sequence[ToolCallRecord]) -> bool:
    """True when a product question was looked up and the product information does not say."""
    for call in calls:
        result: Any = call.result
        asked = call.name == "ask_product" and call.ok and isinstance(result, dict)
        if asked and result.get("asked") and result.get("answered") is False:
            return True
    return False


def gap_kind(
    calls: Sequence[ToolCallRecord],
    *,
    handoff: str | None,
    confidence: float | None,
    threshold: float,
) -> str | None:
    """Why the turn counts as a knowledge gap, the strongest reason first, or None."""
    if handoff is not None and handoff in GAP_HANDOFF_REASONS:
        return "handoff"
    if not_stated(calls):
        return "not_stated"
    if confidence is not None and confidence < threshold:
        return "low_confidence"
    return None


def record_gap(
    session: Session,
    *,
    store_id: str,
    conversation_id: str,
    question: str,
    kind: str,
    reason: str | None,
    confidence: float | None,
    language: str | None,
) -> KnowledgeGap:
    """Keep the shopper's question that the assistant could not answer well."""
    row = KnowledgeGap(
        store_id=store_id,
        conversation_id=conversation_id,
        question=" ".join(question.split())[:MAX_QUESTION_CHARS],
        kind=kind,
        reason=reason,
        confidence=confidence,
        language=language,
    )
    session.add(row)
    session.flush()
    return row
