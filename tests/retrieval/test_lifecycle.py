"""Document lifecycle: idempotent uploads, atomic replacement, deletion, crash recovery."""

import pytest
from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import Document, Passage, Product, Variant
from retrieval.ingest import SourceFile
from retrieval.knowledge import KnowledgeBase
from tests.retrieval.conftest import (
    STORE,
    DyingEmbedder,
    ProcessKilled,
    catalog_json,
    markdown,
    product,
    source,
)

RETURNS_V1 = markdown("Returns", {"Return window": "Return boots within 30 days of delivery."})
RETURNS_V2 = markdown("Returns", {"Return window": "Return boots within 60 days of delivery."})


def passage_count(database: Database, document_id: str | None = None) -> int:
    query = select(func.count()).select_from(Passage)
    if document_id is not None:
        query = query.where(Passage.document_id == document_id)
    with database.session() as session:
        return int(session.scalar(query) or 0)


def texts(knowledge: KnowledgeBase, query: str, store: str = STORE) -> list[str]:
    return [hit.text for hit in knowledge.search(store, query, limit=10).hits]


def test_a_new_document_is_added_ready_and_searchable(knowledge: KnowledgeBase) -> None:
    (outcome,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    assert outcome.status == "added" and outcome.passages == 1
    with knowledge.database.session() as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        assert (document.status, document.active_version, document.chunk_count) == ("ready", 1, 1)
    hit = knowledge.search(STORE, "return boots").hits[0]
    assert hit.citation.source == "policies/returns.md"
    assert hit.citation.section == "Return window"
    assert hit.citation.title == "Returns"


def test_the_same_content_again_changes_nothing(
    knowledge: KnowledgeBase, embedder: DyingEmbedder
) -> None:
    (first,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    calls = embedder.calls
    (second,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    assert second.status == "unchanged"
    assert (second.document_id, second.version) == (first.document_id, first.version)
    assert embedder.calls == calls


def test_a_changed_document_replaces_its_passages(knowledge: KnowledgeBase) -> None:
    knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    (outcome,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V2)])
    assert outcome.status == "replaced" and outcome.version == 2
    found = texts(knowledge, "how many days to return boots")
    assert any("60 days" in text for text in found)
    assert not any("30 days" in text for text in found)
    assert passage_count(knowledge.database, outcome.document_id) == 1


def test_readers_see_the_old_version_until_the_new_one_is_activated(
    knowledge: KnowledgeBase,
) -> None:
    knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    ingestor = knowledge.ingestor
    file = source("policies/returns.md", RETURNS_V2)
    parsed = ingestor._parse(file)
    pending = ingestor._stage(STORE, file, parsed)  # type: ignore[arg-type]
    ingestor._index_version(STORE, pending, None, 0, 1)  # type: ignore[arg-type]
    ingestor._rebuild_lexical(STORE)
    # Both versions are now in the indexes; only the active one can be returned.
    before = texts(knowledge, "return boots days")
    assert [("30 days" in t, "60 days" in t) for t in before] == [(True, False)]
    ingestor._activate(STORE, pending)  # type: ignore[arg-type]
    after = texts(knowledge, "return boots days")
    assert [("30 days" in t, "60 days" in t) for t in after] == [(False, True)]


def test_a_deleted_document_leaves_no_passage_behind(knowledge: KnowledgeBase) -> None:
    (outcome,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    assert outcome.document_id is not None
    knowledge.delete_document(STORE, outcome.document_id)
    assert passage_count(knowledge.database) == 0
    assert knowledge.vectors.count(STORE) == 0
    assert knowledge.search(STORE, "return boots").hits == []


@pytest.fixture
def dying() -> DyingEmbedder:
    return DyingEmbedder()


@pytest.fixture
def embedder(dying: DyingEmbedder) -> DyingEmbedder:
    return dying


def test_a_process_killed_while_adding_leaves_nothing_retrievable(
    knowledge: KnowledgeBase, dying: DyingEmbedder
) -> None:
    dying.die = True
    with pytest.raises(ProcessKilled):
        knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    assert knowledge.search(STORE, "return boots").hits == []
    dying.die = False
    (outcome,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    assert outcome.status == "added"
    assert len(texts(knowledge, "return boots")) == 1


def test_a_process_killed_while_replacing_keeps_serving_the_old_version(
    knowledge: KnowledgeBase, dying: DyingEmbedder
) -> None:
    knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V1)])
    dying.die = True
    with pytest.raises(ProcessKilled):
        knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V2)])
    assert ["30 days" in t for t in texts(knowledge, "return boots")] == [True]
    dying.die = False
    (outcome,) = knowledge.ingest(STORE, [source("policies/returns.md", RETURNS_V2)])
    assert outcome.status == "replaced"
    assert ["60 days" in t for t in texts(knowledge, "return boots")] == [True]
    assert passage_count(knowledge.database) == 1


def test_unchanged_passages_keep_their_vectors_on_replace(
    knowledge: KnowledgeBase, embedder: DyingEmbedder
) -> None:
    two = {"Return window": "Within 30 days.", "Refunds": "Refunds take 5 days."}
    knowledge.ingest(STORE, [source("policies/returns.md", markdown("Returns", two))])
    changed = {**two, "Refunds": "Refunds take 3 days."}
    before = embedder.calls
    knowledge.ingest(STORE, [source("policies/returns.md", markdown("Returns", changed))])
    assert embedder.calls == before + 1  # one batch, for the one changed passage


def test_a_rejected_file_writes_nothing(knowledge: KnowledgeBase) -> None:
    (outcome,) = knowledge.ingest(STORE, [SourceFile("catalog.csv", b"id,title\n", "product")])
    assert outcome.status == "rejected"
    with knowledge.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_a_file_over_the_size_limit_is_rejected(knowledge: KnowledgeBase) -> None:
    knowledge.ingestor.max_bytes = 100
    (outcome,) = knowledge.ingest(STORE, [source("policies/big.md", b"x" * 101)])
    assert outcome.status == "rejected"
    assert outcome.exception is not None and outcome.exception.status_code == 413


# --- catalogs --------------------------------------------------------------------------------


def test_a_catalog_updates_the_tables_and_the_index_together(knowledge: KnowledgeBase) -> None:
    data = catalog_json(
        product("trail-boot", "Trail Boot", price="120.00", stock=3, category="boots"),
        categories=[{"slug": "boots", "name": "Boots"}],
    )
    (outcome,) = knowledge.ingest(STORE, [source("catalog.json", data, "product")])
    assert outcome.products_added == 1
    with knowledge.database.session() as session:
        variant = session.scalars(select(Variant).where(Variant.store_id == STORE)).one()
        assert (variant.sku, variant.price_minor, variant.stock_on_hand) == ("TRAIL-BOOT", 12000, 3)
    hit = knowledge.search(STORE, "trail boot").hits[0]
    assert hit.meta["product_handle"] == "trail-boot"
    assert hit.citation.doc_type == "product"


def test_a_malformed_catalog_applies_nothing(knowledge: KnowledgeBase) -> None:
    bad = catalog_json(product("ok", "Fine"), product("bad", "Broken", price="-1"))
    (outcome,) = knowledge.ingest(STORE, [source("catalog.json", bad, "product")])
    assert outcome.status == "rejected"
    assert outcome.error_details["line"] is not None
    with knowledge.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 0


def test_skipping_invalid_rows_applies_the_rest_and_reports_them(knowledge: KnowledgeBase) -> None:
    from retrieval.formats import ParseOptions

    bad = catalog_json(product("ok", "Fine"), product("bad", "Broken", price="-1"))
    file = SourceFile("catalog.json", bad, "product", ParseOptions(skip_invalid=True))
    (outcome,) = knowledge.ingest(STORE, [file])
    assert outcome.status == "added"
    assert [row.column for row in outcome.skipped_rows] == ["price"]
    with knowledge.database.session() as session:
        assert session.scalars(select(Product.handle)).all() == ["ok"]
