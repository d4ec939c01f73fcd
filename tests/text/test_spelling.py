import pytest

from text.spelling import Speller, one_edit

SHOP = [
    "Summit Trail WP Hiking Boot",
    "Merino Hiker Crew Sock",
    "Beacon 600 Headlamp",
    "Nightrunner 1000",
    "size",
    "which is the lightest",
    "single payment",
    "do you have",
]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(SHOP)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Do you havw the Summit Traip boot?", "Do you have the Summit Trail boot?"),
        ("Meribo Hiker Crew Sock, sise M", "Merino Hiker Crew Sock, size M"),
        ("wich one is lightets", "which one is lightest"),
        ("Beaocn 600 vs Nightrunnr 1000", "Beacon 600 vs Nightrunner 1000"),
    ],
)
def test_typos_become_the_shops_words(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "do u sell kayaks pls",  # real English words and short words stay
        "TRAIL20 on BOOT-42 or TRIAL",  # codes, SKUs and capitals stay
        "blorp the zingle",  # nonsense with no shop word one edit away (or a new first letter)
        "size 42, 3.5 min",
    ],
)
def test_what_is_known_or_unlike_any_shop_word_is_left_as_written(
    speller: Speller, text: str
) -> None:
    assert speller.correct(text) == text


def test_english_words_inside_chinese_are_corrected_and_the_chinese_kept(speller: Speller) -> None:
    assert speller.correct("有Summit Traip吗？还有Beaocn 600") == "有Summit Trail吗？还有Beacon 600"


def test_one_edit_covers_drops_swaps_changes_and_additions() -> None:
    edits = one_edit("sise")
    assert {"sie", "ssie", "size", "sisle"} <= edits
    assert "sise" not in edits
