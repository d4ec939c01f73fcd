"""The labelled questions the retrieval benchmark scores against, and how hits are judged."""

import json
import re

from assistant.demo import demo_files
from benchmarks.labelled import Question, is_relevant, load_questions
from benchmarks.retrieval import scores_of
from retrieval.results import Citation, Hit


def demo_targets() -> set[tuple[str, str]]:
    root = demo_files()
    targets = {
        ("product", product["id"])
        for product in json.loads(root.joinpath("catalog.json").read_text("utf-8"))["products"]
    }
    for item in json.loads(root.joinpath("faq.json").read_text("utf-8")):
        targets.add(("faq.json", item["question"]))
    for policy in root.joinpath("policies").iterdir():
        for heading in re.findall(r"^## (.+?)\s*$", policy.read_text("utf-8"), re.MULTILINE):
            targets.add((f"policies/{policy.name}", heading))
    return targets


def test_the_set_has_enough_questions_in_both_languages() -> None:
    questions = load_questions()
    assert len(questions) >= 80
    assert sum(question.lang == "zh" for question in questions) >= 20


def test_every_label_points_at_a_passage_the_demo_store_has() -> None:
    targets = demo_targets()
    missing = [
        (question.id, entry)
        for question in load_questions()
        for entry in question.relevant
        if ("product", entry.get("product")) not in targets
        and (entry.get("source"), entry.get("section")) not in targets
    ]
    assert missing == []


def hit(source: str, section: str | None = None, product: str | None = None) -> Hit:
    citation = Citation(
        document_id="d", title="t", section=section, source=source, doc_type="policy"
    )
    meta = {"product_handle": product} if product else {}
    return Hit(passage_id="p", text="x", score=0.5, citation=citation, meta=meta)


def test_a_hit_is_relevant_by_source_and_section_or_by_product() -> None:
    question = Question(
        "q",
        "en",
        "?",
        ({"source": "policies/returns.md", "section": "Return window"}, {"product": "tent"}),
    )
    assert is_relevant(hit("policies/returns.md", "Return window"), question)
    assert is_relevant(hit("catalog.json", product="tent"), question)
    assert not is_relevant(hit("policies/returns.md", "Refunds"), question)


def test_recall_counts_the_top_five_and_mrr_the_first_relevant_rank() -> None:
    assert scores_of([1, 5, 6, None]) == {"questions": 4, "recall_at_5": 0.5, "mrr": 0.3417}
