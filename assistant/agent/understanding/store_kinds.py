"""The kinds of product one store sells, read from its products.

A product is known by the words of its title, its tags and its category with the category's
parents (a bivy sack filed under tents is also a tent and camping gear). A category
counts as sold only when it or one below it holds a product: an empty aisle sells nothing.
Built once per vocabulary (see `CatalogVocabulary.kinds`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING

from text.stemming import stems

if TYPE_CHECKING:
    from assistant.agent.understanding.vocabulary import CatalogVocabulary


class StoreKinds:
    """Words by product, the categories holding products, and the store's top-level aisles."""

    def __init__(self, vocabulary: CatalogVocabulary) -> None:
        parents = {entry.slug: entry.parent for entry in vocabulary.categories}
        names = {entry.slug: entry.name for entry in vocabulary.categories}
        self.titles: dict[str, str] = {}
        self.category_of: dict[str, tuple[str, ...]] = {}
        self.product_words: dict[str, frozenset[str]] = {}
        for product in vocabulary.products:
            lineage = tuple(_lineage(product.category, parents))
            words = set(stems(product.title))
            for tag in product.tags:
                words.update(stems(tag.replace("-", " ")))
            for slug in lineage:
                words.update(stems(slug.replace("-", " ")))
                words.update(stems(names.get(slug, "")))
            self.titles[product.handle] = product.title
            self.category_of[product.handle] = lineage
            self.product_words[product.handle] = frozenset(words)
        self.stocked: frozenset[str] = frozenset(
            slug for lineage in self.category_of.values() for slug in lineage
        )
        self.words: frozenset[str] = frozenset(
            word for words in self.product_words.values() for word in words
        )
        # Option values ("Long", "French Press") describe a variant, not a kind of product.
        self.option_words: frozenset[str] = frozenset(
            word
            for values in vocabulary.options.values()
            for value in values
            for word in stems(value)
        )
        self.aisles: tuple[str, ...] = tuple(
            entry.name
            for entry in vocabulary.categories
            if entry.parent is None and entry.slug in self.stocked
        )

    def holding(self, words: Collection[str]) -> list[str]:
        """Products known by every one of the words."""
        wanted = set(words)
        return [handle for handle, known in self.product_words.items() if wanted <= known]

    def telling(self, words: Collection[str], most: int) -> dict[str, list[str]]:
        """The words that few products have ("gps", "climbing"), with the products having them:
        a word more than `most` products share ("waterproof") tells nothing."""
        found: dict[str, list[str]] = {}
        for word in dict.fromkeys(words):
            holders = [handle for handle, known in self.product_words.items() if word in known]
            if 0 < len(holders) <= most:
                found[word] = holders
        return found

    def titles_with(self, term: Collection[str]) -> list[str]:
        """Products whose own title holds every stem of a term ("pour over" -> a dripper)."""
        wanted = set(term)
        return [
            handle
            for handle, title in self.titles.items()
            if wanted and wanted <= set(stems(title))
        ]


def _lineage(slug: str | None, parents: Mapping[str, str | None]) -> Iterator[str]:
    seen: set[str] = set()
    while slug is not None and slug not in seen:
        seen.add(slug)
        yield slug
        slug = parents.get(slug)
