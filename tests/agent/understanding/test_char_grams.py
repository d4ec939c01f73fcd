"""Character n-grams: the router's reading of how a message is spelt."""

from __future__ import annotations

import numpy as np

from assistant.agent.understanding.char_grams import BUCKETS, CharGrams, cosines, grams

FITTED = [
    "how much is shipping to canada",
    "is the tent waterproof",
    "can i talk to a real person",
    "运费多少钱",
    "有没有绿茶",
]


def test_grams_are_read_from_the_folded_text() -> None:
    assert grams("ＳＨＩＰ!!") == grams("ship")
    assert grams("運費") == grams("运费")  # traditional characters read as simplified
    assert " sh" in grams("ship") and "运费" in grams("运费")


def test_a_misspelt_message_is_nearest_to_what_it_misspells() -> None:
    spelling = CharGrams(FITTED)
    for text, meant in (
        ("hw much is shiping to canda", 0),
        ("is teh tnet waterprof", 1),
        ("cn i tlk to a reel persn", 2),
        ("運費多少", 3),
        ("有木有绿茶", 4),
    ):
        assert int(np.argmax(spelling.similarities(text))) == meant, text


def test_rows_are_unit_length_and_unknown_spelling_is_zero() -> None:
    spelling = CharGrams(FITTED)
    rows = spelling.vectors(["is the tent waterproof", "qqqq"])
    assert rows.shape == (2, BUCKETS)
    assert np.isclose(np.linalg.norm(rows[0]), 1.0)
    assert not rows[1].any()
    assert not spelling.similarities("qqqq").any()


def test_cosines_from_the_non_zero_buckets_equal_the_dense_product() -> None:
    spelling = CharGrams(FITTED)
    message = spelling.vector("shipping to the tent")
    assert np.allclose(cosines(spelling.by_bucket, message), spelling.fitted @ message)
