"""Reading the slots of one message: codes, prices, products, options, attributes, quantities.

The order matters and is deliberate. Order numbers and coupon codes come first (they contain
digits), then prices (so "$120" is not a size). Categories and product titles come next: words
of a category named in full ("black tea") or of a clearly named title ("Traverse 65", "Golden
Tips") are reserved, so they are not read again as a colour, a quantity or an attribute, yet
stay in the retrieval query. Option values follow (so "1 L" is an option before it is an
attribute), then attributes, and quantities last, from whatever numbers are left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.agent.understanding.attribute_match import AttributeValue
from assistant.agent.understanding.catalog_index import CatalogIndex, CategoryMatch
from assistant.agent.understanding.codes import extract_coupon_code, extract_order_number
from assistant.agent.understanding.context import ProductRef
from assistant.agent.understanding.labels import Sort
from assistant.agent.understanding.lexicon.stopwords import CHINESE_STOPWORDS, ENGLISH_STOPWORDS
from assistant.agent.understanding.lexicon_match import (
    CHINESE_DICTIONARY,
    LexiconHits,
    find_lexicon,
)
from assistant.agent.understanding.negation import negated
from assistant.agent.understanding.numbers import QuantityRequest, extract_quantity
from assistant.agent.understanding.prices import PriceRange, extract_price_range
from assistant.agent.understanding.product_choice import fit_options_to_product, rerank_products
from assistant.agent.understanding.references import resolve_discussed
from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.cjk import HAN_CLASS, is_han_run
from text.segmenter import Segmenter
from text.stemming import WORD, stem

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z0-9]+")
# "the Sencha": a capitalised word after "the" is written as a name.
_PROPER = re.compile(r"(?<=\bthe )[A-Z][A-Za-z0-9]+")
# "Ultra 45": a capitalised word and a model number.
_MODEL = re.compile(r"\b([A-Z][A-Za-z]+)[ -]?(\d+)\b")
_TITLE_WORD = re.compile(r"(?<![a-z0-9.])[a-z0-9][a-z0-9.]*(?:'s)?(?![a-z0-9])")
_STRONG_TITLE = 0.6


@dataclass
class Slots:
    """Everything extracted from one message, before the intent is decided."""

    order_number: str | None = None
    coupon_code: str | None = None
    price: PriceRange = field(default_factory=PriceRange)
    options: dict[str, str] = field(default_factory=dict)
    option_candidates: dict[str, list[str]] = field(default_factory=dict)
    option_misses: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    attribute_bounds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    products: list[tuple[str, float]] = field(default_factory=list)
    categories: list[CategoryMatch] = field(default_factory=list)
    category: str | None = None
    concepts: list[str] = field(default_factory=list)
    brand: str | None = None
    tags: list[str] = field(default_factory=list)
    quantity: QuantityRequest = field(default_factory=QuantityRequest)
    sort: Sort | None = None
    query_text: str = ""
    coverage: float = 1.0
    # Options read only through the product being discussed ("the 43", "the other colour").
    from_discussed: bool = False

    @property
    def has_constraints(self) -> bool:
        """Whether the message narrows a search (price, options, attributes, features, sort)."""
        return bool(
            self.price.min_minor is not None
            or self.price.max_minor is not None
            or self.options
            or self.attributes
            or self.attribute_bounds
            or self.features
            or self.sort
            or self.brand
        )


def extract_slots(
    scan: Scan, vocabulary: CatalogVocabulary, discussed: ProductRef | None = None
) -> Slots:
    """Read every slot from a scanned message; `discussed` is the product talked about last."""
    index = vocabulary.index
    slots = Slots()
    slots.order_number = extract_order_number(scan, vocabulary.order_number_pattern)
    slots.coupon_code = extract_coupon_code(
        scan, vocabulary.coupon_pattern, vocabulary.coupon_codes
    )
    slots.price = extract_price_range(scan, vocabulary.currency)
    lexicon = find_lexicon(scan, index.segmenter)
    message_stems = [
        stem(match.group())
        for match in WORD.finditer(scan.lower)
        if not negated(scan.lower, match.start())
    ]
    slots.categories = index.match_categories(
        f" {' '.join(message_stems)} ", lexicon.concepts, scan.lower
    )
    slots.category = index.best_category(slots.categories)
    _reserve_category_words(scan, slots.categories, index)
    slots.concepts = lexicon.concept_terms
    slots.brand = _brand(scan, vocabulary)
    # Chinese product words reach English titles through the lexicon (睡袋 -> sleeping bag).
    english_terms = {stem(word) for concept in lexicon.concepts for word in concept.name.split()}
    capitalised = {stem(word.lower()) for word in _CAPITALISED.findall(scan.text)}
    slots.products = index.match_products(
        set(message_stems) | english_terms,
        {m.slug for m in slots.categories},
        slots.brand,
        capitalised,
        {stem(word.lower()) for word in _PROPER.findall(scan.text)},
        {(stem(word.lower()), number) for word, number in _MODEL.findall(scan.text)},
        message_stems,
    )
    _reserve_title_words(scan, slots.products, index.title_tokens, index.is_distinctive)
    options = index.options.extract(scan)
    slots.options, slots.option_candidates = options.options, options.candidates
    slots.option_misses, slots.colours = options.misses, options.colour_words
    if discussed is not None and not slots.products:
        resolved = resolve_discussed(
            scan, discussed, index.product_options.get(discussed.handle, {}), index.options
        )
        for name, value in resolved.options.items():
            slots.options.setdefault(name, value)
        for name, values in resolved.candidates.items():
            slots.option_candidates.setdefault(name, values)
        slots.from_discussed = bool(resolved)
    slots.products = rerank_products(
        slots.products,
        set(message_stems),
        scan.lower,
        index.title_tokens,
        index.product_options,
        slots.options,
    )
    if slots.products and slots.products[0][1] >= _STRONG_TITLE:
        fit_options_to_product(slots.options, index.product_options.get(slots.products[0][0], {}))
    attributes = index.attributes.extract(scan, lexicon.features)
    slots.attributes, slots.attribute_bounds = attributes.values, attributes.bounds
    slots.features = attributes.features
    slots.sort = lexicon.sort
    slots.quantity = extract_quantity(scan)
    slots.tags = _tags(scan, vocabulary)
    slots.query_text = _query_text(scan, index.segmenter)
    slots.coverage = _coverage(scan, lexicon, index.known_words)
    return slots


def _reserve_category_words(
    scan: Scan, categories: list[CategoryMatch], index: CatalogIndex
) -> None:
    """Words of a category named in full are the category ("black tea"), not an option value."""
    words: set[str] = set()
    for category in categories:
        if category.score >= 1.0 and category.matched_words >= 2:
            words |= index.category_words(category.slug)
    for match in WORD.finditer(scan.lower):
        if stem(match.group()) in words and scan.is_free(*match.span()):
            scan.reserve(*match.span())


def _reserve_title_words(
    scan: Scan,
    products: list[tuple[str, float]],
    title_tokens: dict[str, tuple[str, ...]],
    is_distinctive: Callable[[str], bool],
) -> None:
    """Words of a product's name, once the title is clearly named, are the name: "65" in
    "Traverse 65" is no quantity, "2P" no capacity, "Golden" no colour. They stay in the query."""
    words = {
        token
        for handle, score in products
        if score >= _STRONG_TITLE
        for token in title_tokens[handle]
    }
    tokens = [(match, stem(match.group()) in words) for match in _TITLE_WORD.finditer(scan.lower)]
    for position, (match, in_title) in enumerate(tokens):
        if not in_title or not scan.is_free(*match.span()):
            continue
        # Part of a run of title words ("Midnight Espresso Blend"), or a word only titles use;
        # a lone common word ("espresso grind") keeps its own meaning.
        neighbours = [tokens[i] for i in (position - 1, position + 1) if 0 <= i < len(tokens)]
        in_run = any(
            other_in_title and _adjacent(scan.lower, match, other)
            for other, other_in_title in neighbours
        )
        if in_run or is_distinctive(stem(match.group())):
            scan.reserve(*match.span())


def _adjacent(lower: str, first: re.Match[str], second: re.Match[str]) -> bool:
    left, right = sorted((first, second), key=lambda match: match.start())
    return lower[left.end() : right.start()].strip(" -") == ""


def _brand(scan: Scan, vocabulary: CatalogVocabulary) -> str | None:
    pattern = vocabulary.index.brand_pattern
    match = pattern.search(scan.lower) if pattern else None
    if match is None:
        return None
    scan.explain(*match.span())
    return vocabulary.index.brand_of(match.group())


def _tags(scan: Scan, vocabulary: CatalogVocabulary) -> list[str]:
    pattern = vocabulary.index.tag_pattern
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(scan.lower):
        scan.explain(*match.span())
        found.append(vocabulary.index.tag_of(match.group()))
    return list(dict.fromkeys(found))


def _query_text(scan: Scan, segmenter: Segmenter) -> str:
    """The product words: what no slot claimed, minus stop and request words."""
    stripped = bytearray(used and not kept for used, kept in zip(scan.used, scan.kept, strict=True))
    text = "".join(" " if gone else char for char, gone in zip(scan.lower, stripped, strict=True))
    kept: list[str] = []
    for match in re.finditer(rf"[a-z0-9]+(?:[.'-][a-z0-9]+)*|[{HAN_CLASS}]+", text):
        token = match.group()
        if is_han_run(token):
            kept.extend(
                segment
                for segment in segmenter.cut(token)
                if segment not in CHINESE_STOPWORDS and len(segment.strip()) > 0
            )
        elif token.removesuffix("'s").replace("'", "") not in ENGLISH_STOPWORDS and (
            len(token) > 1 or token.isdigit()
        ):
            kept.append(token)
    return " ".join(kept)


def _coverage(scan: Scan, lexicon: LexiconHits, known: frozenset[str]) -> float:
    """Share of the message's content words that something recognised."""
    total = explained = 0
    for match in WORD.finditer(scan.lower):
        word = match.group()
        if word in ENGLISH_STOPWORDS:
            continue
        total += 1
        if any(scan.explained[match.start() : match.end()]) or stem(word) in known:
            explained += 1
    for segment, start, end in lexicon.chinese_segments:
        if segment in CHINESE_STOPWORDS:
            continue
        total += 1
        if any(scan.explained[start:end]) or segment in CHINESE_DICTIONARY:
            explained += 1
    return explained / total if total else 1.0
