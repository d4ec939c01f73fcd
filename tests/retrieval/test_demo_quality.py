"""The demo store's documents, indexed once with the real default embedder: what shoppers ask
in English and in Chinese finds the passage that answers it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.demo import DEMO_STORE_ID, load_demo_documents, open_demo_store
from retrieval.knowledge import KnowledgeBase
from retrieval.results import SearchResult


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    folder: Path = tmp_path_factory.mktemp("demo-knowledge")
    settings = Settings(data_dir=folder, _env_file=None)
    with open_demo_store(settings) as store:
        assert {outcome.status for outcome in store.indexed} == {"added"}
        yield store.knowledge


def top(result: SearchResult) -> tuple[str, str | None]:
    hit = result.hits[0]
    return hit.citation.source, hit.meta.get("product_handle") or hit.citation.section


def test_loading_the_demo_documents_twice_changes_nothing(demo: KnowledgeBase) -> None:
    assert {outcome.status for outcome in load_demo_documents(demo)} == {"unchanged"}


def test_an_english_question_finds_the_policy_section(demo: KnowledgeBase) -> None:
    result = demo.search_knowledge(DEMO_STORE_ID, "How much does a return label cost in Canada?")
    found = [(hit.citation.source, hit.citation.section) for hit in result.hits[:3]]
    assert ("policies/returns.md", "Return shipping costs") in found
    assert result.confidence >= 0.35


def test_an_english_question_finds_the_product(demo: KnowledgeBase) -> None:
    result = demo.search_knowledge(
        DEMO_STORE_ID, "one-person tent that pitches with my trekking poles", doc_types=["product"]
    )
    assert top(result) == ("catalog.json", "solace-1p-ultralight-tent")


def test_a_chinese_question_finds_the_english_faq(demo: KnowledgeBase) -> None:
    result = demo.search_knowledge(DEMO_STORE_ID, "你们接受哪些付款方式？")
    assert result.language == "zh"
    assert top(result) == ("faq.json", "What payment methods do you accept?")
    assert result.confidence >= 0.35


def test_a_chinese_question_finds_an_english_product(demo: KnowledgeBase) -> None:
    result = demo.search_knowledge(
        DEMO_STORE_ID, "有适合两个人的轻便帐篷吗？", doc_types=["product"]
    )
    assert "tent" in result.hits[0].citation.title.lower()


def test_a_question_the_store_cannot_answer_has_low_confidence(demo: KnowledgeBase) -> None:
    assert demo.search_knowledge(DEMO_STORE_ID, "Do you sell car tires?").confidence < 0.35
    assert demo.search_knowledge(DEMO_STORE_ID, "明天北京天气怎么样？").confidence < 0.35
