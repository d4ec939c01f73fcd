"""Matchers compiled from a `CatalogVocabulary`: categories, product titles, brands and tags.

Built once per vocabulary (see `CatalogVocabulary.index`); reading a message only looks words
up in the tables made here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.agent.understanding.attribute_match import AttributeIndex
from assistant.agent.understanding.lexicon.categories import CONCEPTS, Concept
from assistant.agent.understanding.lexicon.colours import COLOURS
from assistant.agent.understanding.lexicon.features import FEATURES
from assistant.agent.understanding.lexicon.stopwords import DESCRIPTIVE_WORDS, ENGLISH_STOPWORDS
from assistant.agent.understanding.lexicon_match import CHINESE_DICTIONARY
from assistant.agent.understanding.option_match import OptionIndex
from assistant.agent.understanding.scan import phrase_pattern
from text.cjk import HAN_RUN, has_cjk
from text.numerals import ENGLISH_NUMBERS
from text.segmenter import Segmenter
from text.stemming import stems

if TYPE_CHECKING:
    from assistant.agent.understanding.vocabulary import CatalogVocabulary

# A concept reached through a sibling word ("kettle" -> cookware) is a little less certain than
# the shopper naming the category's own word.
_INDIRECT_CONCEPT = 0.9
_MIN_CATEGORY_SCORE = 0.5
_MIN_TITLE_SCORE = 0.35
_TITLE_NEAR_BEST = 0.6
_GENERIC_TITLE_WEIGHT = 0.3
_OTHER_CATEGORY = 0.85
_PURPOSE = re.compile(r"(?<= for )(?:a |an |the )?([a-z0-9]+)")
_PURPOSE_WEIGHT = 0.7
_HEAD_SHARE = 0.8
_UNIQUE_NAME_SCORE = 0.5
# "the Sencha": written as a name and only one title has it; as good as naming the product.
_PROPER_NAME_SCORE = 0.6
_FULL_TITLE_WORDS = 3
_LONG_NAME = 7


@dataclass(frozen=True)
class CategoryMatch:
    """A store category the message points at, with how strongly."""

    slug: str
    score: float
    matched_words: int = 0


@dataclass(frozen=True)
class _Category:
    slug: str
    words: frozenset[str]
    heads: frozenset[str]
    parent: str | None
    chinese_name: str | None


class CatalogIndex:
    """Lookup tables for one store's vocabulary."""

    def __init__(self, vocabulary: CatalogVocabulary) -> None:
        self.vocabulary = vocabulary
        self.options = OptionIndex(vocabulary.options)
        self.attributes = AttributeIndex(vocabulary.attributes)
        self._categories = tuple(
            _category(entry.slug, entry.name, entry.parent) for entry in vocabulary.categories
        )
        self._concept_categories = {
            concept.name: _concept_matches(concept, self._categories) for concept in CONCEPTS
        }
        self._brands = {brand.lower(): brand for brand in vocabulary.brands}
        self.brand_pattern = phrase_pattern(self._brands)
        self._tags = {tag.lower(): tag for tag in vocabulary.tags if len(tag) > 2}
        self.tag_pattern = phrase_pattern(tag for tag in self._tags if tag not in ENGLISH_STOPWORDS)
        self._build_titles()
        self.product_options: dict[str, dict[str, tuple[str, ...]]] = {
            product.handle: dict(product.options) for product in vocabulary.products
        }
        self.known_words = self._known_words()
        self.chinese_dictionary = CHINESE_DICTIONARY | self._chinese_words()
        self.segmenter = Segmenter(self.chinese_dictionary)

    # --- categories ------------------------------------------------------------------------

    def match_categories(
        self, text_stems: str, concepts: list[Concept], lower: str
    ) -> list[CategoryMatch]:
        """Categories ranked by score, best first.

        `text_stems` is the message's stems joined by single spaces (with a space at both ends);
        `concepts` are the lexicon concepts found in the message.
        """
        present = set(text_stems.split())
        purposes = set(_PURPOSE.findall(text_stems))
        scores: dict[str, tuple[float, int]] = {}
        for category in self._categories:
            score = (0.0, 0)
            if category.heads & present:
                matched_words = category.words & present
                matched = len(matched_words)
                # "a chair for camping": a purpose is weaker evidence than the thing itself,
                # and none when the message names a kind of product ("coffee makers for
                # camping" are not camping gear).
                weight = _PURPOSE_WEIGHT if matched_words <= purposes else 1.0
                if matched_words <= purposes and concepts:
                    weight = 0.0
                score = (weight * matched / len(category.words), matched)
            if category.chinese_name and category.chinese_name in lower:
                score = (1.0, len(category.words))
            scores[category.slug] = score
        for concept in concepts:
            for slug, term, specificity in self._concept_categories[concept.name]:
                direct = f" {term} " in text_stems
                value = (specificity * (1.0 if direct else _INDIRECT_CONCEPT), len(term.split()))
                scores[slug] = max(scores[slug], value)
        ranked = [
            CategoryMatch(slug, round(score, 4), matched)
            for slug, (score, matched) in scores.items()
            if score >= _MIN_CATEGORY_SCORE
        ]
        # Equal scores: the category more of whose words the shopper used ("herbal tea" is
        # herbal-tea, not its parent tea).
        ranked.sort(key=lambda match: (-match.score, -match.matched_words))
        return ranked

    def category_words(self, slug: str) -> frozenset[str]:
        """The stems of a category's slug and name."""
        return next(category.words for category in self._categories if category.slug == slug)

    def best_category(self, ranked: list[CategoryMatch]) -> str | None:
        """The one best category, or None when several tie (unless one is the others' parent)."""
        if not ranked:
            return None
        first = ranked[0]
        top = [
            match.slug
            for match in ranked
            if (match.score, match.matched_words) == (first.score, first.matched_words)
        ]
        if len(top) == 1:
            return top[0]
        parents = {category.slug: category.parent for category in self._categories}
        for slug in top:
            if all(parents.get(other) == slug for other in top if other != slug):
                return slug
        return None

    # --- product titles --------------------------------------------------------------------

    def _build_titles(self) -> None:
        self._type_words = self._product_type_words()
        generic = self._descriptive_words() | self._type_words
        self.title_tokens: dict[str, tuple[str, ...]] = {}
        self._title_category: dict[str, str | None] = {}
        self._brand_of_product: dict[str, str | None] = {}
        document_frequency: dict[str, int] = defaultdict(int)
        for product in self.vocabulary.products:
            tokens = tuple(dict.fromkeys(stems(product.title)))
            self.title_tokens[product.handle] = tokens
            self._title_category[product.handle] = product.category
            self._brand_of_product[product.handle] = product.brand
            for token in tokens:
                document_frequency[token] += 1
        count = max(len(self.vocabulary.products), 1)
        self._idf = {token: math.log(1 + count / df) for token, df in document_frequency.items()}
        rare = max(3, math.ceil(count * 0.03))
        self._distinctive = {
            token
            for token, df in document_frequency.items()
            if df <= rare and token not in generic and len(token) > 1
        }
        self._generic = generic
        self._handles_by_token: dict[str, list[str]] = defaultdict(list)
        for handle, tokens in self.title_tokens.items():
            for token in tokens:
                self._handles_by_token[token].append(handle)

    def match_products(
        self,
        text_stem_set: set[str],
        categories: Collection[str] = (),
        brand: str | None = None,
        capitalised: Collection[str] = (),
        proper: Collection[str] = (),
        models: Collection[tuple[str, str]] = (),
        written: Sequence[str] = (),
    ) -> list[tuple[str, float]]:
        """Products whose title the message names, best first, with scores in [0, 1].

        A title's words the message lacks count against it: in full for distinctive words and
        product-type words ("gloves" when the shopper said "tent"), lightly for descriptive
        ones ("insulated"). Products outside the categories (or brand) the message names score
        lower. A word only one title has names that product on its own when the shopper
        capitalised it or it is long ("Pocketbuds", "yirgacheffe"); short everyday words that
        happen to be in one title ("glass", "true") do not. `proper` words were written as a
        name ("the Sencha"): one only one title has names that product even if it is an
        everyday word. `models` are a capitalised word and the number after it ("Ultra 45"):
        the one title holding that pair is named by it.
        """
        # A number alone ("size 50") names no product; a distinctive word must be there.
        candidates = {
            handle
            for token in text_stem_set & self._distinctive
            if not token[0].isdigit()
            for handle in self._handles_by_token[token]
        }
        names = {token for token in proper if self._proper_name(token) and token in text_stem_set}
        candidates |= {self._handles_by_token[token][0] for token in names}
        modelled = self._model_titles(models)
        candidates |= modelled
        # A long title written out in full, as a name, is named however everyday its words
        # ("the Double Wall Steel Mug"); in lower case, or in two words ("water jug"), the same
        # words may as well describe a kind of product.
        candidates |= {
            handle
            for handle, tokens in self.title_tokens.items()
            if len(tokens) >= _FULL_TITLE_WORDS
            and set(tokens) <= text_stem_set
            and set(tokens) & set(capitalised)
        }
        # A title of two words or more written out word for word, in any case, is that product:
        # "price of the moonlight white peony", "i want the harbour rain cape".
        candidates |= {
            handle
            for handle, tokens in self.title_tokens.items()
            if len(tokens) >= 2 and _runs_in(tokens, written)
        }
        scored = []
        for handle in candidates:
            total = matched = 0.0
            for token in self.title_tokens[handle]:
                weight = self._idf[token]
                if token in text_stem_set:
                    matched += weight
                    total += weight
                elif token in self._generic and token not in self._type_words:
                    total += weight * _GENERIC_TITLE_WEIGHT
                else:
                    total += weight
            score = matched / total if total else 0.0
            if any(
                self._unique_name(token, capitalised)
                for token in self.title_tokens[handle]
                if token in text_stem_set
            ):
                score = max(score, _UNIQUE_NAME_SCORE)
            if names & set(self.title_tokens[handle]) or handle in modelled:
                score = max(score, _PROPER_NAME_SCORE)
            if categories and self._title_category[handle] not in categories:
                score *= _OTHER_CATEGORY
            if brand is not None and self._brand_of_product[handle] != brand:
                score *= _OTHER_CATEGORY
            if score >= _MIN_TITLE_SCORE:
                scored.append((handle, round(score, 4)))
        if not scored:
            return []
        scored.sort(key=lambda item: (-item[1], item[0]))
        best = scored[0][1]
        return [item for item in scored if item[1] >= best * _TITLE_NEAR_BEST][:5]

    def _model_titles(self, models: Collection[tuple[str, str]]) -> set[str]:
        """The titles holding a model name ("Ultra 45") that no other title holds."""
        found: set[str] = set()
        for word, number in models:
            holders = [
                handle
                for handle, tokens in self.title_tokens.items()
                if (word, number) in set(itertools.pairwise(tokens))
            ]
            if len(holders) == 1:
                found.add(holders[0])
        return found

    def titles_with_all(self, words: Collection[str], limit: int = 3) -> list[str]:
        """Products whose title has every one of the stems, even everyday ones ("fuel canister").

        Empty when no stem is given or more than `limit` titles qualify.
        """
        wanted = {word for word in words if word not in ENGLISH_STOPWORDS and not word.isdigit()}
        if not wanted:
            return []
        found = [handle for handle, tokens in self.title_tokens.items() if wanted <= set(tokens)]
        if len(found) > limit:
            return []
        return sorted(found, key=lambda handle: len(self.title_tokens[handle]))

    def _proper_name(self, token: str) -> bool:
        return (
            len(self._handles_by_token.get(token, ())) == 1
            and token not in ENGLISH_STOPWORDS
            and not token[0].isdigit()
            and len(token) > 2
        )

    def _unique_name(self, token: str, capitalised: Collection[str]) -> bool:
        if token not in self._distinctive or len(self._handles_by_token[token]) != 1:
            return False
        return token in capitalised or len(token) >= _LONG_NAME

    def is_distinctive(self, token: str) -> bool:
        """Whether a stem appears in only a few titles and is no generic word."""
        return token in self._distinctive

    # --- brands, tags, known words ---------------------------------------------------------

    def brand_of(self, phrase: str) -> str:
        """The brand as the catalog spells it."""
        return self._brands[phrase]

    def tag_of(self, phrase: str) -> str:
        """The tag as the catalog spells it."""
        key = re.sub(r"[\s-]+", "-", phrase)
        return self._tags.get(key, self._tags.get(phrase, phrase))

    def _product_type_words(self) -> set[str]:
        """Words that say what kind of product something is (category and concept words)."""
        words: set[str] = set()
        for category in self._categories:
            words |= category.words
        for concept in CONCEPTS:
            for term in concept.english:
                words.update(stems(term))
        return words

    def _descriptive_words(self) -> set[str]:
        """Words that describe rather than name a product: features, colours, tags, numbers."""
        words = set(ENGLISH_STOPWORDS) | set(ENGLISH_NUMBERS)
        for feature in FEATURES:
            for term in feature.english:
                words.update(stems(term))
        for colour in COLOURS:
            words.update(colour.english)
        for tag in self.vocabulary.tags:
            words.update(stems(tag))
        return words

    def _known_words(self) -> frozenset[str]:
        known = (set(self._generic) | DESCRIPTIVE_WORDS) - ENGLISH_STOPWORDS
        known.update(self._idf)
        for brand in self._brands:
            known.update(stems(brand))
        known |= self.options.known_words | self.attributes.known_words
        return frozenset(known)

    def _chinese_words(self) -> frozenset[str]:
        """CJK words in the store's own names (for segmenting Chinese messages)."""
        found: set[str] = set()
        names = [entry.name for entry in self.vocabulary.categories]
        names += [product.title for product in self.vocabulary.products]
        for name in names:
            found.update(HAN_RUN.findall(name))
        return frozenset(found)


def _category(slug: str, name: str, parent: str | None) -> _Category:
    slug_words = stems(slug.replace("-", " ").replace("_", " "))
    name_words = [word for word in stems(name) if word not in {"and"}]
    heads = {slug_words[-1]} if slug_words else set()
    for piece in re.split(r"&|,|\band\b|/", name.lower()):
        piece_words = stems(piece)
        if piece_words:
            heads.add(piece_words[-1])
    return _Category(
        slug=slug,
        words=frozenset(slug_words + name_words),
        heads=frozenset(heads),
        parent=parent,
        chinese_name=name if has_cjk(name) else None,
    )


def _concept_matches(
    concept: Concept, categories: tuple[_Category, ...]
) -> list[tuple[str, str, float]]:
    """(slug, matching term as stems, specificity) for each category a concept covers.

    A term covers the share of the category's words it names, and most of the rest when one of
    them is the head word ("jacket" covers `rain-jackets` at 0.9, "bag" `sleeping-bags` too).
    """
    matches = []
    for category in categories:
        best: tuple[str, float] | None = None
        for term in concept.english:
            term_stems = stems(term)
            if term_stems and set(term_stems) <= category.words:
                covered = len(set(term_stems)) / len(category.words)
                # Naming the head word counts for most of the category.
                head_bonus = (
                    _HEAD_SHARE * (1 - covered) if category.heads & set(term_stems) else 0.0
                )
                specificity = covered + head_bonus
                if best is None or specificity > best[1]:
                    best = (" ".join(term_stems), specificity)
        if best is not None:
            matches.append((category.slug, best[0], best[1]))
    return matches


def _runs_in(tokens: Sequence[str], written: Sequence[str]) -> bool:
    """Whether `tokens` occur in `written` one after the other, in order."""
    width = len(tokens)
    return any(
        tuple(written[start : start + width]) == tuple(tokens)
        for start in range(len(written) - width + 1)
    )
