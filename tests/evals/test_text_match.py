import pytest

from evals.text_match import contains, matches, normalise, value_matches


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  Thirty\n\tDAYS ", "thirty days"),
        ("Ｆｕｌｌ ｗｉｄｔｈ １２３", "full width 123"),
        ("it’s “quoted” — yes", 'it\'s "quoted" - yes'),
        ("退货 期限 30 天", "退货期限30天"),
    ],
)
def test_normalise(raw: str, normal: str) -> None:
    assert normalise(raw) == normal


def test_contains_ignores_case_and_line_breaks() -> None:
    assert contains("Free on orders of\n$75.00 OR MORE", "orders of $75.00 or more")


def test_matches_searches_the_normalised_text() -> None:
    assert matches("Order  TO-10012 is on its way", r"to-\d{5} is")


def test_argument_subsets_match_nested_mappings() -> None:
    assert value_matches({"filters": {"size": "42"}}, {"query": "boots", "filters": {"size": "42"}})


def test_a_missing_argument_does_not_match() -> None:
    assert not value_matches({"quantity": 2}, {"sku": "X"})


def test_numbers_match_by_value_but_booleans_only_booleans() -> None:
    assert value_matches(2, 2.0)
    assert not value_matches(True, 1)


def test_a_number_matches_its_text_form() -> None:
    assert value_matches(42, "42")
