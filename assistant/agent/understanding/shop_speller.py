"""The speller a store's messages are read with: the store's words and the understanding's own.

Its vocabulary is everything the understanding layer can recognise, so a typo is corrected
towards a word that then means something: the store's product titles, categories, brands, tags,
option names and values and attribute keys; the built-in lexicon's product kinds, features and
colours; and the words of the shipped exemplar messages (the router's and the personal asks').
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from assistant.agent.understanding.lexicon.categories import CONCEPTS
from assistant.agent.understanding.lexicon.colours import COLOURS
from assistant.agent.understanding.lexicon.features import FEATURES
from assistant.agent.understanding.personal_signal import shipped_personal_packs
from assistant.agent.understanding.router import shipped_packs
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.spelling import Speller


@cache
def _understanding_words() -> tuple[str, ...]:
    """The lexicon's English terms and every English exemplar message (the same for all stores)."""
    words: list[str] = []
    for entries in (CONCEPTS, FEATURES, COLOURS):
        for entry in entries:
            words.extend(entry.english)
    for pack in shipped_packs():
        if pack.language == "en":
            words.extend(exemplar.text for exemplar in pack.exemplars())
    for personal in shipped_personal_packs():
        if personal.language == "en":
            words.extend(text for text, _ in personal.rows())
    return tuple(words)


def _store_words(vocabulary: CatalogVocabulary) -> Iterator[str]:
    for category in vocabulary.categories:
        yield category.name
        yield category.slug.replace("-", " ")
    for name, values in vocabulary.options.items():
        yield name
        yield from values
    for key, attribute in vocabulary.attributes.items():
        yield key.replace("_", " ")
        yield from attribute.values
    yield from vocabulary.brands
    yield from vocabulary.tags
    for product in vocabulary.products:
        yield product.title


def shop_speller(vocabulary: CatalogVocabulary) -> Speller:
    """A speller for messages to the store whose vocabulary this is."""
    return Speller([*_store_words(vocabulary), *_understanding_words()])
