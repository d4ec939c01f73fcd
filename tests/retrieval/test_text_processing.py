import hashlib

from retrieval.language import detect_language
from retrieval.lexical import tokenize
from retrieval.snippets import make_snippet
from retrieval.tokens import cache_file_name, count_tokens, seed_tiktoken_cache, truncate_to_tokens


def test_tokens_are_counted_offline_from_the_bundled_files() -> None:
    assert count_tokens("Hello world") == 2


def test_the_cache_file_is_named_as_tiktoken_expects() -> None:
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert cache_file_name("cl100k_base") == hashlib.sha1(url.encode()).hexdigest()
    assert (seed_tiktoken_cache() / cache_file_name("o200k_base")).stat().st_size > 0


def test_truncation_keeps_a_prefix_within_the_limit() -> None:
    assert count_tokens(truncate_to_tokens("one two three four five six", 3)) == 3


def test_english_terms_drop_stop_words_and_fold_plurals() -> None:
    assert tokenize("Do you have waterproof boots and batteries?") == [
        "waterproof",
        "boot",
        "battery",
    ]


def test_chinese_is_cut_into_words() -> None:
    terms = tokenize("这个帐篷防水吗？")
    assert "帐篷" in terms and "防水" in terms and "吗" not in terms


def test_mixed_text_keeps_both_scripts() -> None:
    assert tokenize("Ridgeline 帐篷") == ["ridgeline", "帐篷"]


def test_language_follows_the_script_that_carries_the_question() -> None:
    assert detect_language("有适合两个人的轻便帐篷吗？") == "zh"
    assert detect_language("Ridgeline 2P 防水吗") == "zh"
    assert detect_language("What does 帐篷 mean in English?") == "en"


def test_the_snippet_is_the_sentence_sharing_most_words_with_the_question() -> None:
    text = "We ship fast. Returns are free within 30 days. Gift cards never expire."
    snippet = make_snippet(text, set(tokenize("free returns")))
    assert snippet.startswith("Returns are free within 30 days.")


def test_long_snippets_are_cut_at_a_word() -> None:
    snippet = make_snippet("word " * 200, set(), limit=40)
    assert len(snippet) <= 41 and snippet.endswith("…")
