"""A sync of a little local site: what is added, changed, kept and removed, and what is never
fetched."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.domain import Document, Passage, SitePage
from assistant.errors import SalesAssistantError
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.discovery import SitemapUnavailableError
from tests.retrieval.conftest import STORE, HashingEmbedder
from tests.retrieval.site_sync.conftest import (
    SHOP_PAGES,
    Site,
    crawl_plan,
    list_pages,
    sitemap_plan,
    syncer,
)


def reasons(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["url"].split(":", 2)[-1].split("/", 1)[-1]: entry["reason"] for entry in entries}


def sources(knowledge: KnowledgeBase) -> set[str]:
    with knowledge.database.session() as session:
        return set(session.scalars(select(Document.source).where(Document.store_id == STORE)))


def answer(knowledge: KnowledgeBase, question: str) -> str:
    result = knowledge.search(STORE, question, limit=1)
    return result.hits[0].citation.snippet if result.hits else ""


def test_first_sync_adds_the_shops_pages(knowledge: KnowledgeBase, site: Site) -> None:
    report = syncer(knowledge).run(STORE, sitemap_plan(site))

    assert report.counts() == {
        "seen": len(SHOP_PAGES),
        "added": 4,
        "changed": 0,
        "unchanged": 0,
        "removed": 0,
        "failed": 2,
        "skipped": 2,
    }
    assert sources(knowledge) == {
        site.url(path) for path in ("/", "/returns", "/shipping", "/old-page")
    }
    failed = reasons(report.failures)
    assert "not on the store's hosts" in failed["moved"]
    assert "larger than" in failed["huge"]
    skipped = reasons(report.skipped_pages)
    assert skipped["private/staff"] == "disallowed by robots.txt"
    assert "not a web page (application/pdf)" in skipped["catalog.pdf"]


def test_robots_and_other_hosts_are_never_fetched(
    knowledge: KnowledgeBase, site: Site, elsewhere: Site
) -> None:
    syncer(knowledge).run(STORE, sitemap_plan(site))
    syncer(knowledge).run(STORE, crawl_plan(site))

    assert elsewhere.requests == []
    assert "/private/staff" not in site.paths()
    assert all("sales-assistant/" in headers["User-Agent"] for _path, headers in site.requests)


def test_pages_are_typed_by_content_and_cited_by_url(knowledge: KnowledgeBase, site: Site) -> None:
    syncer(knowledge).run(STORE, sitemap_plan(site))

    with knowledge.database.session() as session:
        returns = session.scalar(select(Document).where(Document.source == site.url("/returns")))
    assert returns is not None
    assert (returns.doc_type, returns.title) == ("policy", "Returns policy")
    hit = knowledge.search(STORE, "how many days do I have to return an item", limit=1).hits[0]
    assert hit.citation.source == site.url("/returns")


def test_second_sync_skips_unchanged_replaces_changed_and_removes_gone(
    knowledge: KnowledgeBase, site: Site, elsewhere: Site
) -> None:
    sync = syncer(knowledge)
    sync.run(STORE, sitemap_plan(site))
    site.html(
        "/shipping",
        "Shipping policy",
        "<h1>Shipping policy</h1><p>Orders ship the next business day. Standard shipping "
        "costs 7 dollars and is free on orders over 80 dollars.</p>",
    )
    del site.routes["/old-page"]
    site.requests.clear()

    report = sync.run(STORE, sitemap_plan(site))

    assert (report.added, report.changed, report.unchanged, report.removed) == (0, 1, 2, 1)
    assert report.removed_pages == [{"url": site.url("/old-page"), "reason": "HTTP 404"}]
    conditional = [headers for path, headers in site.requests if path == "/returns"]
    assert conditional[0].get("If-None-Match") == '"returns-v1"'  # answered 304
    assert site.url("/old-page") not in sources(knowledge)
    assert "free on orders over 80 dollars" in answer(knowledge, "when is shipping free")
    assert "snowshoes" not in answer(knowledge, "winter sale on snowshoes")
    with knowledge.database.session() as session:
        urls = set(session.scalars(select(SitePage.url)))
        versions = session.scalar(
            select(func.count(func.distinct(Passage.version)))
            .join(Document, Document.id == Passage.document_id)
            .where(Document.source == site.url("/shipping"))
        )
    assert site.url("/old-page") not in urls
    assert versions == 1  # the old version's passages are gone


def test_a_page_no_longer_in_the_sitemap_is_removed(
    knowledge: KnowledgeBase, site: Site, elsewhere: Site
) -> None:
    sync = syncer(knowledge)
    sync.run(STORE, sitemap_plan(site))
    list_pages(site, elsewhere, tuple(path for path in SHOP_PAGES if path != "/shipping"))

    report = sync.run(STORE, sitemap_plan(site))

    assert report.removed_pages == [
        {"url": site.url("/shipping"), "reason": "no longer in the sitemap"}
    ]
    assert site.url("/shipping") not in sources(knowledge)


def test_a_page_that_fails_to_fetch_is_kept(knowledge: KnowledgeBase, site: Site) -> None:
    sync = syncer(knowledge)
    sync.run(STORE, sitemap_plan(site))
    site.routes["/shipping"].status = 503

    report = sync.run(STORE, sitemap_plan(site))

    assert reasons(report.failures)["shipping"] == "HTTP 503"
    assert report.removed == 0
    assert site.url("/shipping") in sources(knowledge)


class FailingOn(HashingEmbedder):
    """Fails to embed any text containing a word, as a model or index failure would."""

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        if any(self.word in text for text in texts):
            raise RuntimeError("the embedding model failed")
        return super().embed_documents(texts)


def test_a_failing_reingest_keeps_the_old_page(
    knowledge: KnowledgeBase, site: Site, embedder: HashingEmbedder
) -> None:
    syncer(knowledge).run(STORE, sitemap_plan(site))
    site.html(
        "/shipping",
        "Shipping policy",
        "<h1>Shipping policy</h1><p>Orders ship by zeppelin within 9 business days.</p>",
    )
    failing = KnowledgeBase(knowledge.settings, knowledge.database, embedder=FailingOn("zeppelin"))

    report = syncer(failing).run(STORE, sitemap_plan(site))

    assert report.changed == 0
    assert "indexing failed" in reasons(report.failures)["shipping"]
    assert "free on orders over 50 dollars" in answer(knowledge, "when is shipping free")
    again = syncer(knowledge).run(STORE, sitemap_plan(site))
    assert again.changed == 1  # the failure left no validators behind: fetched and indexed
    assert "zeppelin" in answer(knowledge, "how do orders ship")


def test_a_crawl_follows_on_site_links_only(
    knowledge: KnowledgeBase, site: Site, elsewhere: Site
) -> None:
    report = syncer(knowledge).run(STORE, crawl_plan(site))

    assert sources(knowledge) == {site.url(path) for path in ("/", "/returns", "/shipping")}
    assert reasons(report.skipped_pages) == {"private/staff": "disallowed by robots.txt"}
    assert elsewhere.requests == []


def test_a_crawl_stops_at_the_page_limit_and_depth(knowledge: KnowledgeBase, site: Site) -> None:
    assert syncer(knowledge).run(STORE, crawl_plan(site, max_pages=2)).seen == 2
    assert syncer(knowledge).run(STORE, crawl_plan(site, max_depth=0)).seen == 1


def test_a_crawl_goes_on_through_a_page_that_answers_not_modified(
    knowledge: KnowledgeBase, site: Site
) -> None:
    site.html("/returns", "Returns", '<p>Returns within 30 days.</p><a href="/faq">FAQ</a>', "r1")
    site.html("/faq", "FAQ", "<p>Do you ship abroad? Yes, to 30 countries.</p>")
    sync = syncer(knowledge)
    sync.run(STORE, crawl_plan(site))

    report = sync.run(STORE, crawl_plan(site))

    assert site.url("/faq") in sources(knowledge)
    assert report.removed == 0


def test_a_dry_run_writes_nothing(knowledge: KnowledgeBase, site: Site) -> None:
    report = syncer(knowledge).run(STORE, sitemap_plan(site), dry_run=True)

    assert (report.added, report.failed) == (4, 2)
    assert "4 pages seen" not in report.summary()
    assert "would be added" in report.summary()
    assert sources(knowledge) == set()


def test_internal_addresses_need_an_explicit_allowance(
    knowledge: KnowledgeBase, site: Site
) -> None:
    with pytest.raises(SalesAssistantError, match="is a loopback address; list the host in"):
        syncer(knowledge, allowed=()).run(STORE, sitemap_plan(site))

    assert site.requests == []


def test_a_sitemap_that_cannot_be_read_changes_nothing(
    knowledge: KnowledgeBase, site: Site
) -> None:
    syncer(knowledge).run(STORE, sitemap_plan(site))
    site.routes["/sitemap.xml"].status = 500

    with pytest.raises(SitemapUnavailableError):
        syncer(knowledge).run(STORE, sitemap_plan(site))

    assert len(sources(knowledge)) == 4
