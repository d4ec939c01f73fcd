"""The store vocabulary: built from a catalog file, or from plain data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.agent.understanding import (
    AttributeEntry,
    CatalogVocabulary,
    CategoryEntry,
    ProductEntry,
    understand,
)
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY

PACKAGE = Path(__file__).resolve().parents[3] / "assistant" / "agent" / "understanding"


def test_option_names_and_values_come_from_the_catalog() -> None:
    assert {"42", "M"} <= DEMO_VOCABULARY.options["size"]
    assert TEA_VOCABULARY.options["grind"] == {"Whole bean", "Espresso", "Filter", "French press"}
    assert "size" not in TEA_VOCABULARY.options


def test_attribute_kinds_are_inferred_from_their_values() -> None:
    attributes = TEA_VOCABULARY.attributes
    assert attributes["organic"].kind == "bool"
    assert attributes["battery_life_h"].kind == "number"
    assert attributes["roast"] == AttributeEntry(
        "roast", "text", frozenset({"Light", "Medium", "Dark"})
    )


def test_brands_tags_titles_and_categories_are_collected() -> None:
    assert TEA_VOCABULARY.brands == {"Leaf & Circuit", "Brewlab", "Inkleaf", "Quietwave"}
    assert "gooseneck" in TEA_VOCABULARY.tags
    assert (
        ProductEntry(
            "hand-mill",
            "Travel Hand Mill",
            "grinders",
            "Brewlab",
            options=(("colour", ("Brushed Steel",)),),
        )
        in TEA_VOCABULARY.products
    )
    assert CategoryEntry("green-tea", "Green Tea", "tea") in TEA_VOCABULARY.categories


def test_coupon_codes_are_kept_upper_case() -> None:
    vocabulary = CatalogVocabulary.from_catalog_data({"products": []}, coupon_codes=["spring5"])
    assert vocabulary.coupon_codes == {"SPRING5"}


def test_a_vocabulary_from_plain_data_works_without_a_catalog_file() -> None:
    vocabulary = CatalogVocabulary(
        categories=(CategoryEntry("bikes", "Bicycles"), CategoryEntry("helmets", "Helmets")),
        options={"frame": frozenset({"S", "M", "L"}), "color": frozenset({"Red", "Matte Grey"})},
        products=(ProductEntry("roadster-9", "Roadster 9 Road Bike", "bikes"),),
    )
    result = understand("do you have the Roadster 9 in grey, frame M?", vocabulary)
    assert result.product_handles == ("roadster-9",)
    assert result.options == {"color": "Matte Grey", "frame": "M"}


def test_the_same_message_gives_the_same_understanding() -> None:
    first = understand("有没有防水的登山鞋，200元以下？", DEMO_VOCABULARY)
    second = understand("有没有防水的登山鞋，200元以下？", DEMO_VOCABULARY)
    assert first == second


def _demo_names() -> set[str]:
    names = {product.handle for product in DEMO_VOCABULARY.products}
    names |= {product.title.lower() for product in DEMO_VOCABULARY.products}
    names |= {brand.lower() for brand in DEMO_VOCABULARY.brands}
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: path.name)
def test_the_engine_source_names_no_demo_product(path: Path) -> None:
    source = path.read_text(encoding="utf-8").lower()
    named = {name for name in _demo_names() if re.search(rf"\b{re.escape(name)}\b", source)}
    assert not named
