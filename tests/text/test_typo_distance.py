from text.spelling import edit_distance, one_edit_apart, typo_of


def test_one_mistake_of_each_kind_is_one_edit() -> None:
    assert edit_distance("lighter", "ligter") == 1
    assert edit_distance("lighter", "lihgter") == 1
    assert edit_distance("lighter", "lighterr") == 1
    assert edit_distance("lighter", "lightor") == 1


def test_the_distance_stops_counting_past_the_limit() -> None:
    assert edit_distance("lighter", "heavier", limit=2) == 3


def test_short_words_must_match_exactly_and_long_ones_forgive_two() -> None:
    assert not typo_of("warn", "warm")
    assert typo_of("warmr", "warmer")
    assert typo_of("diferense", "difference")
    assert not typo_of("night", "light")


def test_one_edit_apart_forgives_one_mistake_only() -> None:
    assert one_edit_apart("lighest", "lightest")
    assert one_edit_apart("brightets", "brightest")
    assert not one_edit_apart("brighter", "brightest")
    assert not one_edit_apart("lighter", "lightest")


def test_one_edit_apart_keeps_the_first_letter_and_skips_short_words() -> None:
    assert not one_edit_apart("nightest", "lightest")
    assert not one_edit_apart("mots", "most")
    assert one_edit_apart("most", "most")


def test_one_edit_apart_can_reach_shorter_words_when_asked() -> None:
    assert not one_edit_apart("mist", "most")
    assert one_edit_apart("mist", "most", shortest=4)
