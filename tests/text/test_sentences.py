import pytest

from text.sentences import is_heading, plain, split_passage, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Returns are free. Exchanges too!", ["Returns are free.", "Exchanges too!"]),
        (
            "Use a soft brush, e.g. a toothbrush. Then rinse.",
            ["Use a soft brush, e.g. a toothbrush.", "Then rinse."],
        ),
        ("Ships to the U.S. and Canada. Fast.", ["Ships to the U.S. and Canada.", "Fast."]),
        ("It boils in 3.5 min. Great.", ["It boils in 3.5 min.", "Great."]),
        ("See item no. 4 below. Done.", ["See item no. 4 below.", "Done."]),
        ("Socks, hats, etc. We ship them all.", ["Socks, hats, etc.", "We ship them all."]),
        ("Socks, hats, etc. are included.", ["Socks, hats, etc. are included."]),
        (
            "可以退货。运费由我们承担！还有问题吗？",
            ["可以退货。", "运费由我们承担！", "还有问题吗？"],
        ),
        (
            "## Gift cards\nGift cards come in values from $25. They never expire.",
            ["## Gift cards", "Gift cards come in values from $25.", "They never expire."],
        ),
        ("- Free returns\n- Free exchanges", ["- Free returns", "- Free exchanges"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_the_opening_words_of_a_paragraph_are_kept() -> None:
    text = "Gift cards come in values of $25 to $500, e.g. $50. They are emailed."
    assert split_sentences(text)[0].startswith("Gift cards come in values")


def test_plain_removes_markdown() -> None:
    assert plain("## **Gift** cards") == "Gift cards"
    assert plain("1. Pack the item") == "Pack the item"
    assert plain("- `TRAIL20` works") == "TRAIL20 works"


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("# Returns", True),
        ("Orders not yet shipped", True),
        ("Before you return:", True),
        ("You can return items within 30 days.", False),
        ("", False),
    ],
)
def test_is_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_a_hard_wrapped_paragraph_is_joined_before_splitting() -> None:
    text = "Opened packs cannot be returned for\nhygiene reasons. Electronics come\nwith a box."
    assert split_passage(text) == [
        "Opened packs cannot be returned for hygiene reasons.",
        "Electronics come with a box.",
    ]


def test_list_items_and_faq_questions_stay_on_their_own_lines() -> None:
    text = "Can I return it?\nYes, within 30 days.\n- Boots\n- Tents"
    assert split_passage(text) == ["Can I return it?", "Yes, within 30 days.", "- Boots", "- Tents"]


def test_a_table_is_one_piece_without_its_rule_row() -> None:
    text = "Sizes:\n\n| Size | Torso |\n| --- | --- |\n| S | 38-44 cm |\n| M | 45-50 cm |"
    assert split_passage(text) == ["Sizes:", "| Size | Torso | | S | 38-44 cm | | M | 45-50 cm |"]
