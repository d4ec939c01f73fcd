"""The offline engine's understanding of one shopper message: intent, slots and confidence.

Pure and deterministic: no database, no network, no model. Store-specific words come from a
`CatalogVocabulary` built from the store's catalog; generic shopping words in English and
Simplified Chinese come from the built-in lexicon.
"""

from assistant.agent.understanding.context import DialogueContext, ProductRef
from assistant.agent.understanding.intents import Bounds, ItemRequest, Understanding, understand
from assistant.agent.understanding.labels import INTENTS, Intent, PolicyTopic, Sort
from assistant.agent.understanding.vocabulary import (
    AttributeEntry,
    CatalogVocabulary,
    CategoryEntry,
    ProductEntry,
)
from text.language import Language, detect_language

__all__ = [
    "INTENTS",
    "AttributeEntry",
    "Bounds",
    "CatalogVocabulary",
    "CategoryEntry",
    "DialogueContext",
    "Intent",
    "ItemRequest",
    "Language",
    "PolicyTopic",
    "ProductEntry",
    "ProductRef",
    "Sort",
    "Understanding",
    "detect_language",
    "understand",
]
