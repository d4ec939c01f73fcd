from decimal import Decimal

from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn, VariantIn
from retrieval.chunking import chunk_faq, chunk_products, chunk_sections
from retrieval.parsers.base import FaqPair, Section
from retrieval.tokens import count_tokens


def test_a_product_is_one_record_passage_with_its_key_facts() -> None:
    catalog = CatalogIn(
        categories=[CategoryIn(slug="tents", name="Tents")],
        products=[
            ProductIn(
                id="ridgeline-2p",
                title="Ridgeline 2P Tent",
                brand="Ridgeline",
                category="tents",
                description="A light tent. " * 200,
                attributes={"waterproof": True, "weight_g": 1800},
                variants=[
                    VariantIn(sku="R-G", options={"color": "green"}, price=Decimal("199"), stock=2),
                    VariantIn(
                        sku="R-O", options={"color": "orange"}, price=Decimal("199"), stock=0
                    ),
                ],
            )
        ],
    )
    (chunk,) = chunk_products(catalog)
    assert chunk.title == "Ridgeline 2P Tent"
    assert chunk.meta == {
        "product_handle": "ridgeline-2p",
        "category": "tents",
        "brand": "Ridgeline",
    }
    assert "Category: Tents" in chunk.text and "Waterproof: yes" in chunk.text
    assert "Color: green, orange" in chunk.text
    assert "199" not in chunk.text  # prices are live facts, not passage text


def test_an_faq_pair_stays_together_with_the_question_as_section() -> None:
    (chunk,) = chunk_faq("FAQ", [FaqPair("Do you ship abroad?", "Canada only. " * 100)])
    assert chunk.section == "Do you ship abroad?"
    assert chunk.text.startswith("Do you ship abroad?\nCanada only.")
    assert chunk.text.count("Canada only.") == 100


def test_a_long_section_splits_within_budget_and_every_piece_keeps_its_heading() -> None:
    paragraphs = "\n\n".join(f"Paragraph {n}. " + "Words about returns. " * 20 for n in range(8))
    chunks = chunk_sections("Returns", [Section("Return window", paragraphs)], max_tokens=120)
    assert len(chunks) > 1
    assert all(chunk.section == "Return window" for chunk in chunks)
    assert all(count_tokens(chunk.text) <= 120 for chunk in chunks)
    assert "Paragraph 7." in chunks[-1].text


def test_indexed_text_adds_title_and_heading_for_context() -> None:
    (chunk,) = chunk_sections("Returns", [Section("Refunds", "Within 5 days.")])
    assert chunk.indexed_text() == "Returns\nRefunds\nWithin 5 days."


def test_a_200_kb_markdown_file_on_one_line_becomes_passages_within_budget() -> None:
    from retrieval.chunking import DEFAULT_MAX_TOKENS
    from retrieval.formats import parse_document

    sentence = "Waterproof leather boots ship within 3 days and return free for 30 days. "
    line = (sentence * (200_000 // len(sentence) + 1))[:200_000]

    parsed = parse_document("policies/one-line.md", line.encode(), "policy")

    assert len(parsed.chunks) > 100
    assert all(0 < chunk.token_count <= DEFAULT_MAX_TOKENS for chunk in parsed.chunks)
    assert all(chunk.text.startswith("Waterproof") for chunk in parsed.chunks[:-1])
    joined = " ".join(chunk.text for chunk in parsed.chunks)
    assert joined.split() == line.split()  # nothing lost, nothing repeated, in order
