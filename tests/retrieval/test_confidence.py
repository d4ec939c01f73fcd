import pytest

from retrieval.confidence import agreement, combine, dense_strength, lexical_coverage
from retrieval.fusion import fused_score
from retrieval.results import SearchSignals


def test_similarity_maps_linearly_between_floor_and_ceiling() -> None:
    assert dense_strength(0.1, (0.2, 0.6)) == 0.0
    assert dense_strength(0.4, (0.2, 0.6)) == pytest.approx(0.5)
    assert dense_strength(0.9, (0.2, 0.6)) == 1.0


def test_without_lexical_evidence_the_dense_part_decides_alone() -> None:
    signals = SearchSignals(dense_strength=0.7, lexical_evidence=0.0, lexical_coverage=0.0)
    assert combine(signals) == pytest.approx(0.7)


def test_with_full_lexical_evidence_the_documented_weights_apply() -> None:
    signals = SearchSignals(
        dense_strength=0.5, lexical_evidence=1.0, lexical_coverage=1.0, agreement=1.0
    )
    assert combine(signals) == pytest.approx(0.6 * 0.5 + 0.25 + 0.15)


def test_confidence_stays_within_zero_and_one() -> None:
    high = SearchSignals(
        dense_strength=1.0, lexical_evidence=1.0, lexical_coverage=1.0, agreement=1.0
    )
    assert combine(high) == 1.0
    assert combine(SearchSignals()) == 0.0


def test_agreement_needs_both_lists_near_the_top() -> None:
    assert agreement(0, 2) == 1.0
    assert agreement(5, 1) == 0.5
    assert agreement(0, None) == 0.0


def test_coverage_counts_distinct_question_terms_found() -> None:
    assert lexical_coverage(["tent", "tent", "green"], {"tent", "blue"}) == 0.5


def test_fused_score_rewards_word_overlap_only_a_little() -> None:
    assert fused_score(0.5, 0.0) == pytest.approx(0.4)
    assert fused_score(0.5, 5.0) == pytest.approx(0.5)
    assert fused_score(0.0, 1000.0) < 0.2
