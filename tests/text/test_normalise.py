"""Normal forms: full-width to ASCII, plain punctuation, spaces beside Chinese folded away."""

from __future__ import annotations

from text.cjk import has_cjk
from text.normalise import fold, lower_aligned, normalise


def test_full_width_and_typographic_text_becomes_plain() -> None:
    assert normalise("ＲＩＤＧＥＬＩＮＥ　２Ｐ’s  “tent”。") == 'RIDGELINE 2P\'s "tent".'


def test_lower_case_keeps_the_length() -> None:
    text = "İstanbul Boots"
    assert len(lower_aligned(text)) == len(text)


def test_folded_texts_compare_across_spacing_and_case() -> None:
    assert fold("30 天 Returns") == fold("30天returns")


def test_cjk_is_detected_by_ideographs() -> None:
    assert has_cjk("Ridgeline 帐篷") and not has_cjk("Ridgeline 2P")


def test_traditional_chinese_reads_as_simplified() -> None:
    assert normalise("這個帳篷多少錢？有沒有藍色的頭燈") == "这个帐篷多少钱?有没有蓝色的头灯"
    assert fold("退貨運費") == fold("退货运费")
    assert normalise("Beacon 600 頭燈") == "Beacon 600 头灯"
