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
