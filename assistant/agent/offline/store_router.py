"""A store's intent router: the shipped router plus the store's own FAQ questions and headings.

Built once per store and rebuilt when its documents change (a new active version or a document
added or removed); a store with no FAQ or policy documents uses the shipped router as it is.
Only the store's own questions are embedded; the vectors of the shipped exemplars are reused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.agent.understanding.handoff_signal import handoff_reader
from assistant.agent.understanding.personal_signal import personal_reader
from assistant.agent.understanding.router import Router, default_router
from assistant.agent.understanding.store_exemplars import knowledge_exemplars
from assistant.db import Database
from assistant.domain import Document, Passage

# Documents whose headings are questions a shopper asks the shop.
KNOWLEDGE_TYPES = ("faq", "policy")

Stamp = tuple[int, int, datetime | None]


class StoreRouters:
    """Cache of routers by store, invalidated by document changes."""

    def __init__(self, database: Database, base: Callable[[], Router] = default_router) -> None:
        self.database = database
        self._base = base
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Stamp, Router]] = {}

    def get(self, store_id: str) -> Router:
        """The store's router, built or rebuilt as needed."""
        with self.database.session() as session:
            stamp = _documents_stamp(session, store_id)
            with self._lock:
                cached = self._cache.get(store_id)
                if cached is not None and cached[0] == stamp:
                    return cached[1]
            headings = store_headings(session, store_id)
        base = self._base()
        extra = knowledge_exemplars(headings, base)
        router = base.with_exemplars(extra) if extra else base
        handoff_reader(router)  # fitted here, with the router, not on a shopper's turn
        personal_reader(router)
        with self._lock:
            self._cache[store_id] = (stamp, router)
        return router


def _documents_stamp(session: Session, store_id: str) -> Stamp:
    count, versions, newest = session.execute(
        select(
            func.count(Document.id),
            func.sum(Document.active_version),
            func.max(Document.updated_at),
        ).where(Document.store_id == store_id, Document.doc_type.in_(KNOWLEDGE_TYPES))
    ).one()
    return int(count), int(versions or 0), newest


def store_headings(session: Session, store_id: str) -> list[str]:
    """The section headings (FAQ questions) of the store's active FAQ and policy passages."""
    rows = session.execute(
        select(Passage.section)
        .join(Document, Document.id == Passage.document_id)
        .where(
            Passage.store_id == store_id,
            Passage.doc_type.in_(KNOWLEDGE_TYPES),
            Passage.version == Document.active_version,
            Passage.section.is_not(None),
        )
        .order_by(Passage.document_id, Passage.position)
    ).scalars()
    return list(dict.fromkeys(section for section in rows if section))
