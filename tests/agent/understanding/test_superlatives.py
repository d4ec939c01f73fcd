"""Reading superlatives: the store's own figure a message ranks on, and which end wins."""

from __future__ import annotations

import pytest

from assistant.agent.understanding.superlatives import Ranking, read_ranking
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY, Store
from text.normalise import normalise


def read(text: str, store: str = "demo") -> Ranking | None:
    vocabulary = DEMO_VOCABULARY if store == "demo" else TEA_VOCABULARY
    return read_ranking(normalise(text), vocabulary)


def first_key(text: str, store: str = "demo") -> tuple[str, str]:
    ranking = read(text, store)
    assert ranking is not None, text
    return ranking.keys[0].key, ranking.keys[0].direction


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("which daypack is the lightest?", ("weight_g", "least")),
        ("what's your most powerful headlamp?", ("lumens", "most")),
        ("Which backpack has the biggest capacity", ("capacity_persons", "most")),
        ("warmest sleeping pad", ("r_value", "most")),
        ("cheapest daypack pls", ("price", "least")),
        ("most expensive tent", ("price", "most")),
        ("headlamp with the longest burn time", ("burn_time_h", "most")),
        ("which stove boils water the fastest", ("boil_time_1l_min", "least")),
        ("thickest pad u have", ("thickness_cm", "most")),
        ("最轻的帐篷", ("weight_g", "least")),
        ("最亮的头灯是哪个", ("lumens", "most")),
        ("哪个背包最大", ("capacity_persons", "most")),
        ("最便宜的头灯", ("price", "least")),
        ("哪个睡垫最暖和", ("r_value", "most")),
        ("续航最长的头灯", ("burn_time_h", "most")),
    ],
)
def test_a_superlative_ranks_on_the_store_key_that_measures_it(
    text: str, key: tuple[str, str]
) -> None:
    assert first_key(text) == key


def test_warmth_reads_each_key_with_its_own_winning_end() -> None:
    ranking = read("warmest sleeping bag")
    assert ranking is not None
    keys = {item.key: item.direction for item in ranking.keys}
    assert keys["r_value"] == "most"
    assert keys["temperature_rating_c"] == "least"


def test_a_store_without_the_figure_gets_no_ranking() -> None:
    assert read("what's your most powerful headlamp?", "tea") is None
    assert first_key("Which e-reader has the best battery life?", "tea") == (
        "battery_life_h",
        "most",
    )


def test_a_comparative_is_not_a_superlative_but_a_typo_is_forgiven() -> None:
    assert read("which is lighter, the beacon 300 or the beacon 600") is None
    assert read("brighter than the beacon 300?") is None
    assert first_key("lighest daypack") == ("weight_g", "least")
    assert first_key("wich headlamp is the brightets") == ("lumens", "most")


def test_a_figure_named_by_its_own_key_with_a_superlative_in_front() -> None:
    assert first_key("the headlamp with the most lumens") == ("lumens", "most")
    assert first_key("tent with the highest peak height") == ("peak_height_cm", "most")
    assert read("tell me the peak height of the ridgeline") is None


def test_a_longer_phrase_wins_over_the_words_inside_it() -> None:
    assert first_key("e-reader with the biggest screen", "tea") == ("screen_in", "most")


def test_the_whole_list_is_asked_for_with_two_ends_or_a_sorting_word() -> None:
    both = read("list your headlamps from brightest to dimmest")
    assert both is not None and both.whole_list
    assert [item.direction for item in both.keys][:1] == ["most"]
    sorted_ = read("sort the daypacks by weight, lightest first")
    assert sorted_ is not None and sorted_.whole_list
    one = read("which daypack is the lightest")
    assert one is not None and not one.whole_list


def test_the_reading_names_the_winner_in_each_language() -> None:
    ranking = read("most powerful stove")
    assert ranking is not None
    says = {item.key: item.says for item in ranking.keys}
    assert says["lumens"]["en"] == "the brightest"
    assert says["output_w"] == {"en": "the most powerful", "zh": "功率最大"}


def test_understanding_carries_the_ranking(demo: Store) -> None:
    u = demo.read("which daypack is the lightest?")
    assert u.ranking is not None
    assert u.ranking.keys[0].key == "weight_g"
    assert u.category_hint == "daypacks"
    assert demo.read("do you have a tent").ranking is None


def test_chinese_spaced_out_and_a_short_word_mistyped_in_a_phrase_still_read() -> None:
    assert first_key("最 轻的背包") == ("weight_g", "least")
    assert first_key("what's your mist powerful headlamp?") == ("lumens", "most")
    assert read("mist on the tent") is None
