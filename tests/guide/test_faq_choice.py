"""The FAQ an opener names is chosen by retrieval over the store's own FAQ with the product's
category and options: on the demo store (real embedder) boots get the sizing question, rain
jackets the re-waterproofing one, and a kind the FAQ says nothing about gets none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from assistant.guide.facts import KnowledgeFaqFinder
from retrieval.knowledge import KnowledgeBase


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeFaqFinder]:
    folder: Path = tmp_path_factory.mktemp("guide-demo")
    settings = Settings(data_dir=folder, _env_file=None)  # type: ignore[call-arg]
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        load_demo_tables(session)
    knowledge = KnowledgeBase(settings, database)
    load_demo_documents(knowledge)
    yield KnowledgeFaqFinder(lambda: knowledge)
    database.dispose()


@pytest.mark.parametrize(
    ("kind", "query", "question"),
    [
        ("Hiking Boots", "Hiking Boots colour size", "Which boot size should I buy?"),
        ("Rain Jackets", "Rain Jackets colour size", "How do I re-waterproof my rain jacket?"),
        ("Stoves", "Stoves colour", "Which fuel works with my stove?"),
        ("Headlamps", "Headlamps colour", None),
    ],
)
def test_the_faq_that_matters_for_a_kind(
    finder: KnowledgeFaqFinder, kind: str, query: str, question: str | None
) -> None:
    hint = finder(DEMO_STORE_ID, kind, query)
    assert (hint.question if hint else None) == question
    if hint is not None:
        assert hint.citation.doc_type == "faq"
