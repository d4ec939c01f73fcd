from assistant.agent.understanding.kind_words import same_kind_words


def test_a_jacket_is_also_a_shell_an_anorak_a_parka_and_a_poncho() -> None:
    words = same_kind_words("jacket")
    assert {"shell", "anorak", "parka", "poncho"} <= set(words)


def test_the_kind_is_matched_by_its_stem() -> None:
    assert same_kind_words("jackets") == same_kind_words("jacket")


def test_a_vest_is_not_a_jacket_and_a_tarp_is_not_a_tent() -> None:
    assert "vest" not in same_kind_words("jacket")
    assert "tarp" not in same_kind_words("tent")
