"""Search terms: the same for a passage and a question, in English and Chinese."""

from __future__ import annotations

from text.tokenise import terms, tokens


def test_english_terms_drop_stop_words_and_fold_plurals() -> None:
    assert terms("Do you have waterproof boots and batteries?") == ["waterproof", "boot", "battery"]


def test_stop_words_are_dropped_before_stemming() -> None:
    assert terms("does it fit") == ["fit"]


def test_tokens_keep_stop_words() -> None:
    assert tokens("The boots") == ["the", "boot"]


def test_chinese_is_cut_into_words() -> None:
    found = terms("这个帐篷防水吗？")
    assert "帐篷" in found and "防水" in found and "吗" not in found


def test_mixed_text_keeps_both_scripts() -> None:
    assert terms("Ridgeline 帐篷") == ["ridgeline", "帐篷"]


def test_full_width_letters_and_digits_are_plain() -> None:
    assert terms("ＢＯＯＴＳ ４２") == ["boot", "42"]
