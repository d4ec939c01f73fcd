"""Each store's router: the shipped exemplars and the store's own FAQ questions."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from assistant.agent.offline.store_router import StoreRouters
from assistant.agent.understanding.router import Exemplar, Router
from assistant.db import Database
from assistant.domain import Document, Passage
from tests.factories import make_store


class _Encoder:
    slug = "letters"

    def embed_documents(self, texts: list[str]) -> NDArray[np.float32]:
        rows = []
        for text in texts:
            vector = np.full(26, 0.01, dtype=np.float32)
            for char in text.lower():
                if "a" <= char <= "z":
                    vector[ord(char) - 97] += 1.0
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


BASE = Router(
    _Encoder(),
    [
        Exemplar("hello there", "greeting"),
        Exemplar("good morning", "greeting"),
        Exemplar("waterproof hiking boots", "product_search"),
        Exemplar("show me warm jackets", "product_search"),
        Exemplar("what is your return policy", "policy_question", "returns"),
        Exemplar("how long does shipping take", "policy_question", "shipping"),
    ],
)


def _document(session: Session, store_id: str, sections: list[str], version: int = 1) -> Document:
    document = Document(
        store_id=store_id,
        doc_type="faq",
        title="FAQ",
        source="faq.md",
        content_hash="x" * 64,
        version=version,
        active_version=version,
        status="indexed",
    )
    session.add(document)
    session.flush()
    for position, section in enumerate(sections):
        session.add(
            Passage(
                id=f"{document.id}:{version}:{position}",
                store_id=store_id,
                document_id=document.id,
                version=version,
                position=position,
                doc_type="faq",
                title="FAQ",
                section=section,
                text=f"{section} Yes.",
            )
        )
    return document


def test_a_store_without_documents_reads_with_the_shipped_router(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "plain")
    assert StoreRouters(database, base=lambda: BASE).get("plain") is BASE


def test_a_stores_faq_questions_join_its_router_and_only_its_own(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "gear")
        make_store(session, "other")
        _document(session, "gear", ["Do you rent camping gear?", "Do you engrave flasks?"])
    routers = StoreRouters(database, base=lambda: BASE)
    gear = routers.get("gear")
    added = gear.exemplars[len(BASE.exemplars) :]
    assert [e.text for e in added] == ["Do you rent camping gear?", "Do you engrave flasks?"]
    assert routers.get("gear") is gear  # unchanged documents: the same router
    assert routers.get("other") is BASE


def test_a_new_document_version_rebuilds_the_router(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "gear")
        document = _document(session, "gear", ["Do you rent camping gear?"])
    routers = StoreRouters(database, base=lambda: BASE)
    first = routers.get("gear")
    with database.transaction() as session:
        stored = session.get(Document, document.id)
        assert stored is not None
        stored.version = stored.active_version = 2
        session.add(
            Passage(
                id=f"{document.id}:2:0",
                store_id="gear",
                document_id=document.id,
                version=2,
                position=0,
                doc_type="faq",
                title="FAQ",
                section="Can I hire a kayak for the weekend?",
                text="Yes.",
            )
        )
    second = routers.get("gear")
    assert second is not first
    assert [e.text for e in second.exemplars[len(BASE.exemplars) :]] == [
        "Can I hire a kayak for the weekend?"
    ]
