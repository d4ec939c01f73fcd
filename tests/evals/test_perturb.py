"""The perturbations: each does what it says, the same for a seed, and leaves figures and codes."""

from __future__ import annotations

import re

import pytest

from assistant.errors import InvalidInputError
from evals.perturb import PERTURBATIONS, perturb, perturbations_for

ENGLISH = "Please add the Summit Trail WP Hiking Boot in brown to my cart, thank you!"
CHINESE = "我想买个帐篷，这个多少钱？"
WITH_CODES = [
    "Where is order TO-10002? I used TRAIL20 and paid $120.50 for 2 items.",
    "Has LC123456 shipped, and does TEATIME15 work on the 250 g bag?",
    "Swap SOCK-MHC-CHR-M for the S/M size, please, what are you waiting for?",
    "订单TO-10003到哪了？用了优惠码SUMMER25，买了2个42码的登山鞋。",
    "LC000321这个单，帐篷和睡袋一共￥1,299.00，什么时候发货？",
]
KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(a: str, b: str) -> bool:
    def place(char: str) -> tuple[int, int]:
        row = next(i for i, keys in enumerate(KEYBOARD_ROWS) if char in keys)
        return row, KEYBOARD_ROWS[row].index(char)

    (row_a, col_a), (row_b, col_b) = place(a.lower()), place(b.lower())
    return abs(row_a - row_b) <= 1 and abs(col_a - col_b) <= 1 and a != b


def test_every_perturbation_is_the_same_for_the_same_seed() -> None:
    for name in PERTURBATIONS:
        for text in [ENGLISH, CHINESE, *WITH_CODES]:
            assert perturb(text, name, seed=7) == perturb(text, name, seed=7)


def test_random_perturbations_depend_on_the_seed() -> None:
    for name in ["typo", "dropped_letter"]:
        assert len({perturb(ENGLISH, name, seed=seed) for seed in range(10)}) > 1
    assert len({perturb(CHINESE * 3, "cjk_spaces", seed=seed) for seed in range(10)}) > 1


def test_a_typo_is_a_neighbouring_key_in_one_or_two_words() -> None:
    for seed in range(20):
        typed = perturb(ENGLISH, "typo", seed=seed)
        assert len(typed) == len(ENGLISH)
        changed = [(a, b) for a, b in zip(ENGLISH, typed, strict=True) if a != b]
        assert 1 <= len(changed) <= 2
        assert all(_neighbours(a, b) for a, b in changed)


def test_a_dropped_letter_leaves_the_rest_in_order() -> None:
    for seed in range(20):
        shorter = perturb(ENGLISH, "dropped_letter", seed=seed)
        assert len(ENGLISH) - len(shorter) in (1, 2)
        letters = iter(ENGLISH)
        assert all(char in letters for char in shorter)  # a subsequence of the original


def test_lower_case_lowers_words_but_not_codes() -> None:
    assert perturb("Please apply TRAIL20 to TO-10002", "lower_case") == (
        "please apply TRAIL20 to TO-10002"
    )
    assert perturb(ENGLISH, "lower_case") == ENGLISH.lower()


def test_no_punctuation_keeps_money_sizes_and_codes() -> None:
    text = "Hi! Is the Cloudburst 2.5L in S/M, under $120.50? (thanks)"
    assert (
        perturb(text, "no_punctuation") == "Hi Is the Cloudburst 2.5L in S/M under $120.50 thanks"
    )
    assert perturb(CHINESE, "no_punctuation") == "我想买个帐篷这个多少钱"


def test_txt_speak_substitutes_the_shorthand() -> None:
    assert perturb("Thank you, are you there? Please tell me what your hours are", "txt_speak") == (
        "ty, r u there? pls tell me wat ur hours r"
    )
    assert perturb("order TO-10002", "txt_speak") == "order TO-10002"  # nothing to shorten


def test_punctuation_width_swaps_both_ways() -> None:
    assert perturb(CHINESE, "punctuation_width") == "我想买个帐篷,这个多少钱?"
    assert perturb("有货吗?多少钱!", "punctuation_width") == "有货吗？多少钱！"
    assert perturb(perturb(CHINESE, "punctuation_width"), "punctuation_width") == CHINESE


def test_spaces_fall_between_chinese_characters_only() -> None:
    spaced = perturb(CHINESE, "cjk_spaces", seed=3)
    assert " " in spaced
    assert spaced.replace(" ", "") == CHINESE
    assert all(
        "\u4e00" <= spaced[i - 1] <= "\u9fff" and "\u4e00" <= spaced[i + 1] <= "\u9fff"
        for i, char in enumerate(spaced)
        if char == " "
    )


def test_traditional_characters_replace_simplified_ones() -> None:
    assert perturb(CHINESE, "traditional") == "我想買個帳篷，這個多少錢？"
    assert perturb("购物车里有什么", "traditional") == "購物車裡有什麼"


def test_one_chinese_word_becomes_english() -> None:
    result = perturb("帐篷和睡袋多少钱", "english_word", seed=1)
    assert result in {"tent和睡袋多少钱", "tent 和睡袋多少钱", "帐篷和sleeping bag多少钱"} | {
        "帐篷和 sleeping bag 多少钱"
    }
    assert perturb("你好", "english_word") == "你好"  # no product word to swap


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_figures_and_codes_are_never_touched(name: str) -> None:
    codes = re.compile(r"TO-\d+|LC\d+|TRAIL20|TEATIME15|SUMMER25|SOCK-MHC-CHR-M|S/M|\$120\.50")
    for text in WITH_CODES:
        for seed in range(5):
            result = perturb(text, name, seed=seed)
            assert re.findall(r"\d+", result) == re.findall(r"\d+", text)
            assert codes.findall(result) == codes.findall(text)


def test_strings_the_caller_protects_stay_as_written() -> None:
    text = "Can you apply the code FREESHIP please"
    assert (
        perturb(text, "lower_case", protect=["FREESHIP"])
        == "can you apply the code FREESHIP please"
    )
    assert "FREESHIP" in perturb(text, "typo", seed=2, protect=["FREESHIP"])


def test_each_language_has_its_own_perturbations() -> None:
    assert set(perturbations_for("en")) == {
        "typo",
        "dropped_letter",
        "lower_case",
        "no_punctuation",
        "txt_speak",
    }
    assert set(perturbations_for("zh")) == {
        "lower_case",
        "no_punctuation",
        "punctuation_width",
        "cjk_spaces",
        "traditional",
        "english_word",
    }


def test_an_unknown_perturbation_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        perturb("hi", "shout")
