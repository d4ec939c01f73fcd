import hashlib

from retrieval.snippets import make_snippet
from retrieval.tokens import cache_file_name, count_tokens, seed_tiktoken_cache, truncate_to_tokens
from text import tokenise


def test_tokens_are_counted_offline_from_the_bundled_files() -> None:
    assert count_tokens("Hello world") == 2


def test_the_cache_file_is_named_as_tiktoken_expects() -> None:
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert cache_file_name("cl100k_base") == hashlib.sha1(url.encode()).hexdigest()
    assert (seed_tiktoken_cache() / cache_file_name("o200k_base")).stat().st_size > 0


def test_truncation_keeps_a_prefix_within_the_limit() -> None:
    assert count_tokens(truncate_to_tokens("one two three four five six", 3)) == 3


def test_the_snippet_is_the_sentence_sharing_most_words_with_the_question() -> None:
    text = "We ship fast. Returns are free within 30 days. Gift cards never expire."
    snippet = make_snippet(text, set(tokenise.terms("free returns")))
    assert snippet.startswith("Returns are free within 30 days.")


def test_long_snippets_are_cut_at_a_word() -> None:
    snippet = make_snippet("word " * 200, set(), limit=40)
    assert len(snippet) <= 41 and snippet.endswith("…")
