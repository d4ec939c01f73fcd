"""`ask_product`: questions answered from one product's own sentences and attributes."""

from __future__ import annotations

import pytest

from assistant.catalog.schema import CatalogIn, CategoryIn
from assistant.catalog.upsert import apply_catalog
from assistant.db import Database
from tests.factories import make_store
from tests.tools.conftest import DepsFactory, product, variant
from tests.tools.helpers import failed, ok
from tools.deps import ToolDeps
from tools.product_answers import ProductAnswer, ask_product

GEAR = CatalogIn(
    categories=[
        CategoryIn(slug="packs", name="Backpacks"),
        CategoryIn(slug="lights", name="Lights"),
        CategoryIn(slug="tea", name="Tea"),
    ],
    products=[
        product(
            "fell-30",
            "Fell 30 Pack",
            "packs",
            variant("FELL-30", "120.00", 4),
            description=(
                "A 30-litre pack for long days. The back panel is ventilated mesh, and inside "
                "there is a hydration sleeve with a port for the drinking tube. It has no rain "
                "cover. The padded sleeve takes a laptop up to 14 inches. Two torso lengths."
            ),
            attributes={"capacity_l": 30, "weight_g": 960, "material": "420D nylon"},
        ),
        product(
            "glow-400",
            "Glow 400 Headlamp",
            "lights",
            variant("GLOW-400", "45.00", 9),
            description=(
                "A 400-lumen headlamp with a red light mode. It recharges over USB-C in about "
                "three hours. Splash resistant to IPX4. There is no lock mode, so keep it in a "
                "lid pocket."
            ),
            attributes={"lumens": 400, "burn_time_h": 30, "weight_g": 70, "waterproof": False},
        ),
        product(
            "mint-calm",
            "Mint Calm",
            "tea",
            variant("MINT-50", "6.00", 12),
            description="Loose peppermint leaves, caffeine free.",
            attributes={"caffeine": "none", "organic": True},
        ),
    ],
)


@pytest.fixture
def gear(database: Database, new_deps: DepsFactory) -> ToolDeps:
    with database.transaction() as session:
        make_store(session, "gear")
        apply_catalog(session, "gear", GEAR)
    return new_deps("gear")


def ask(deps: ToolDeps, handle: str, question: str) -> ProductAnswer:
    return ok(ask_product(deps, handle, question))


def test_a_sentence_with_another_word_for_the_thing_answers_yes(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "can the fell 30 fit a water bladder?")
    assert result.answered and result.yes_no
    assert result.verdict == "yes"
    assert "hydration sleeve" in result.sentences[0].text
    assert result.citation.handle == "fell-30"
    assert result.citation.title == "Fell 30 Pack"


def test_a_sentence_that_denies_the_thing_answers_no(gear: ToolDeps) -> None:
    result = ask(gear, "glow-400", "does the Glow 400 have a lock mode")
    assert result.verdict == "no"
    assert result.sentences[0].text.startswith("There is no lock mode")


def test_a_duration_question_is_answered_by_the_sentence_with_a_duration(gear: ToolDeps) -> None:
    result = ask(gear, "glow-400", "how long does it take to charge")
    assert [s.text for s in result.sentences] == ["It recharges over USB-C in about three hours."]


def test_a_figure_with_a_unit_finds_the_sentence_with_that_unit(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "will my 13 inch laptop fit")
    assert result.answered
    assert "14 inches" in result.sentences[0].text


def test_a_bigger_figure_than_the_stated_limit_says_no(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "will my 16 inch laptop fit")
    assert result.verdict == "no"


def test_a_property_question_gets_the_attribute_with_its_unit(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "how heavy is it?")
    assert result.answered
    assert [(a.key, a.value, a.unit) for a in result.attributes] == [("weight_g", 960, "g")]


def test_a_false_boolean_attribute_says_no(gear: ToolDeps) -> None:
    result = ask(gear, "glow-400", "is it waterproof?")
    assert result.verdict == "no"
    assert result.attributes[0].key == "waterproof"


def test_x_free_answers_yes_to_x_free_and_no_to_x(gear: ToolDeps) -> None:
    assert ask(gear, "mint-calm", "is it caffeine free").verdict == "yes"
    assert ask(gear, "mint-calm", "does it contain caffeine?").verdict == "no"


def test_a_chinese_question_reaches_the_english_text(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "这个背包能放水袋吗")
    assert result.yes_no and result.verdict == "yes"
    assert "hydration sleeve" in result.sentences[0].text
    assert ask(gear, "glow-400", "充电要多久").sentences[0].text.startswith("It recharges")


def test_nothing_answering_says_so_with_the_nearest_facts(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "what is the torso length range")
    assert not result.answered
    assert result.note is not None and "doesn't say" in result.note
    assert [getattr(item, "text", None) for item in result.related] == ["Two torso lengths."]


def test_a_question_about_something_never_mentioned_is_not_answered(gear: ToolDeps) -> None:
    result = ask(gear, "glow-400", "is the headband fire resistant?")
    assert not result.answered
    assert result.sentences == [] and result.attributes == []


def test_half_a_thing_is_not_the_thing(gear: ToolDeps) -> None:
    # A "padded sleeve" and a "hydration sleeve" are there; a rain sleeve is not.
    assert not ask(gear, "fell-30", "does it have a rain sleeve").answered


def test_a_misspelt_word_is_read_as_the_word_it_is_closest_to(gear: ToolDeps) -> None:
    assert ask(gear, "fell-30", "does it have a hydation sleeve").verdict == "yes"


def test_a_question_asking_nothing_in_particular_asks_for_the_card(gear: ToolDeps) -> None:
    result = ask(gear, "fell-30", "tell me about the Fell 30 pack")
    assert result.asked == [] and not result.answered


def test_an_unknown_product_is_a_tool_error(gear: ToolDeps) -> None:
    assert failed(ask_product(gear, "no-such-thing", "is it warm?")).code == "product_not_found"
