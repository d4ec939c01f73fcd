"""Documents ingested without a type are typed by what they say, not by their file names."""

from pathlib import Path

import pytest
import yaml

from retrieval.content_features import measure, table_cells
from retrieval.content_typing import guess_type, type_by_content
from retrieval.formats import guess_doc_type, parse_document

DOCUMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
BLIND = DOCUMENTS / "blind"


def labelled(folder: Path) -> list[tuple[str, str]]:
    labels: dict[str, str] = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return sorted(labels.items())


def accuracy(folder: Path) -> float:
    pairs = labelled(folder)
    right = sum(guess_type(name, (folder / name).read_bytes()).kind == kind for name, kind in pairs)
    return right / len(pairs)


def test_the_labelled_set_has_every_kind_in_both_languages() -> None:
    pairs = labelled(DOCUMENTS)
    kinds = {kind for _name, kind in pairs}
    assert kinds == {"policy", "faq", "size_guide", "product_copy", "other"}
    assert len(pairs) >= 30
    for kind in kinds:
        names = [name for name, label in pairs if label == kind]
        assert any(name.startswith("zh-") for name in names), kind
        assert any(not name.startswith("zh-") for name in names), kind


def test_content_types_the_labelled_set_far_better_than_file_names() -> None:
    pairs = labelled(DOCUMENTS)
    by_name = sum(guess_doc_type(name) == kind for name, kind in pairs) / len(pairs)
    assert by_name < 0.3
    assert accuracy(DOCUMENTS) >= 0.9


def test_content_types_the_blind_set() -> None:
    assert accuracy(BLIND) >= 0.8


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "notes.md",
            "# Returns\n\nYou can return unworn shoes within 30 days of delivery.\n"
            "Sale items cannot be returned. Refunds are issued within 5 business days.\n",
        ),
        (
            "info.txt",
            "配送说明\n\n订单将在付款后24小时内发出。满99元包邮。\n偏远地区的运费由买家承担。\n",
        ),
    ],
)
def test_rules_with_time_limits_make_a_policy(name: str, text: str) -> None:
    guess = type_by_content(name, text)
    assert (guess.kind, guess.doc_type) == ("policy", "policy")
    assert guess.reason.startswith("policy (by content: ")
    assert "with time limits or amounts" in guess.reason


def test_a_story_without_rules_is_not_a_policy() -> None:
    text = "# Our story\n\nWe started in 2014 as a market stall. Today we are a team of nine.\n"
    assert type_by_content("notes.md", text).kind == "other"


def test_answered_questions_make_an_faq_in_either_language() -> None:
    english = "Q: Do you ship abroad?\nA: Yes, to Europe.\n\nQ: Can I pay by card?\nA: Yes.\n"
    chinese = "可以开发票吗？\n可以。\n\n多久发货？\n两天内。\n"
    for text in (english, chinese):
        guess = type_by_content("help.txt", text)
        assert (guess.kind, guess.doc_type) == ("faq", "faq")
        assert "2 questions with answers" in guess.reason


def test_questions_without_answers_are_not_an_faq() -> None:
    text = "Do you ship abroad?\nCan I pay by card?\nIs there a shop?\n"
    assert measure(text).answered_questions == 0
    assert type_by_content("page.txt", text).kind != "faq"


def test_a_size_table_is_a_size_guide_stored_as_a_policy() -> None:
    text = "| Size | Chest (cm) |\n|---|---|\n| S | 88 |\n| M | 96 |\n| L | 104 |\n"
    features = measure(text)
    assert features.table_rows == 3 and "chest" in features.size_labels
    guess = type_by_content("page.md", text)
    assert (guess.kind, guess.doc_type) == ("size_guide", "policy")
    assert guess.reason.startswith("policy: size guide (by content: 3 table rows of sizes")


def test_columns_aligned_with_spaces_are_a_table() -> None:
    assert table_cells("Size    Waist (in)   Hip (in)") == ["Size", "Waist (in)", "Hip (in)"]
    assert table_cells("Measure around the widest part of your palm.") == []
    assert table_cells("|---|:--:|") == []


def test_a_table_of_figures_without_size_words_is_not_a_size_guide() -> None:
    text = "| Zone | Days | Price |\n| A | 2 | 5 |\n| B | 4 | 9 |\n| C | 6 | 12 |\n"
    assert type_by_content("rates.md", text).kind != "size_guide"


def test_product_words_make_product_copy_stored_as_other() -> None:
    text = (
        "# Alpine Shell\n\nA light, breathable shell with a helmet hood and two pockets. "
        "Weighs 340 g. Available in slate and moss.\n"
    )
    guess = type_by_content("alpine.md", text)
    assert (guess.kind, guess.doc_type) == ("product_copy", "other")
    assert "1 measurement" in guess.reason


def test_the_file_name_decides_only_when_the_content_does_not() -> None:
    unclear = "Read this before you buy.\n"
    assert type_by_content("returns.md", unclear).reason == (
        "policy (by file name; content unclear)"
    )
    assert type_by_content("notes.md", unclear).kind == "other"
    faq = "Do you ship abroad?\nYes.\nCan I pay by card?\nYes.\n"
    assert type_by_content("returns.md", faq).kind == "faq"


def test_catalog_files_keep_their_detection() -> None:
    assert guess_type("products.csv", b"sku,title\nA,Boot\n").doc_type == "product"
    assert guess_type("feed.xml", b"<rss/>").kind == "catalog"
    assert guess_type("faq.csv", b"question,answer\nWhy?,Because.\n").doc_type == "faq"


def test_html_is_typed_by_its_visible_text() -> None:
    page = (
        b"<html><head><title>Page 7</title><style>.q{}</style></head><body>"
        b"<h3>Do you restock?</h3><p>Yes, within weeks.</p>"
        b"<h3>Can I order samples?</h3><p>Yes, five per order.</p></body></html>"
    )
    assert guess_type("page7.html", page).kind == "faq"


def test_an_faq_typed_from_plain_text_is_read_by_its_paragraphs() -> None:
    data = b"Q: Do you ship abroad?\nA: Yes.\n\nQ: Can I pay by card?\nA: Yes.\n"
    guess = guess_type("help.txt", data)
    parsed = parse_document("help.txt", data, guess.doc_type)
    assert guess.doc_type == "faq"
    assert parsed.chunks and "ship abroad" in parsed.chunks[0].text
    markdown = parse_document("help.md", data, "faq")
    assert markdown.chunks and "Can I pay by card?" in " ".join(c.text for c in markdown.chunks)
