"""Chinese segmentation: jieba's dictionary shared, extra words per segmenter."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from text.segmenter import DEFAULT, Segmenter

# A made-up product name jieba cannot know.
NAME = "岚峰"


def test_known_words_come_out_whole() -> None:
    assert DEFAULT.cut("蓝牙耳机包邮吗") == ["蓝牙", "耳机", "包邮", "吗"]


def test_extra_words_are_cut_out_whole() -> None:
    assert NAME in Segmenter([NAME]).cut(f"有{NAME}帐篷吗")


def test_extra_words_stay_with_their_segmenter() -> None:
    Segmenter(["帐篷防水"]).cut("帐篷防水")
    assert DEFAULT.cut("帐篷防水") == ["帐篷", "防水"]
    assert Segmenter(["帐篷防水"]).cut("帐篷防水") == ["帐篷防水"]


def test_every_character_is_in_exactly_one_word() -> None:
    text = "有没有适合两个人的轻便帐篷"
    assert "".join(Segmenter(["轻便"]).cut(text)) == text


def test_search_cuts_add_the_words_inside_long_ones() -> None:
    found = DEFAULT.cut_for_search("中华人民共和国")
    assert "中华" in found and "中华人民共和国" in found


def test_concurrent_first_use_builds_one_tokenizer() -> None:
    segmenter = Segmenter([NAME])
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(segmenter.cut, [f"{NAME}帐篷"] * 8))
    assert all(result == results[0] for result in results)
    assert NAME in results[0]
