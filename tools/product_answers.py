"""`ask_product`: a question about one product, answered from its own description and attributes.

The description is split into sentences (`text.sentences`); each sentence and each attribute is
weighed against the question (`tools.product_evidence`). The result quotes the ones that answer,
best first, with the product as the citation, or says plainly that nothing in the product's
information answers, with the nearest things it does say.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from assistant.domain import Product
from text.polarity import is_yes_no_question
from text.sentences import plain, split_sentences
from tools.arguments import ProductRef
from tools.catalog_view import AttributeValue, find_product, product_not_found
from tools.deps import ToolDeps
from tools.product_evidence import (
    Match,
    Verdict,
    all_keys,
    answering,
    attribute_readings,
    name_words,
    read_question,
    read_text,
    split_key,
    vocabulary_of,
    weigh,
)
from tools.results import ToolError

MAX_SENTENCES = 3
MAX_ATTRIBUTES = 4
MAX_RELATED = 2
# Candidates this close to the best one are quoted with it.
NEAR_BEST = 0.7
NOT_STATED = (
    "Nothing in this product's description or attributes answers the question. Tell the "
    "shopper the product information doesn't say, and offer to ask a member of the team."
)
NOTHING_ASKED = (
    "The question names no particular fact; describe the product from get_product instead."
)


class ProductCitation(BaseModel):
    """The product the answer comes from."""

    product_id: int
    handle: str
    title: str
    source: str = Field("product description and attributes", description="Where it was read.")


class SentenceEvidence(BaseModel):
    """A sentence of the product's description that bears on the question."""

    text: str
    score: float
    says: Verdict | None = Field(
        None, description="For a yes/no question: whether the sentence affirms or denies it."
    )


class AttributeEvidence(BaseModel):
    """An attribute of the product that bears on the question."""

    key: str
    name: str = Field(description="The attribute as a shopper reads it, e.g. 'Weight'.")
    value: AttributeValue
    unit: str | None = Field(None, description="The unit of a number, e.g. 'g' or 'h'.")
    score: float
    says: Verdict | None = None


class ProductAnswer(BaseModel):
    """What one product's own information says about a question."""

    citation: ProductCitation
    question: str
    asked: list[str] = Field(description="The question's words that were looked for.")
    yes_no: bool = Field(description="True when the question asks for a yes or a no.")
    answered: bool = Field(description="False when nothing in the product information answers.")
    verdict: Verdict | None = Field(
        None, description="For an answered yes/no question: what the best evidence says."
    )
    sentences: list[SentenceEvidence] = Field(default_factory=list)
    attributes: list[AttributeEvidence] = Field(default_factory=list)
    related: list[SentenceEvidence | AttributeEvidence] = Field(
        default_factory=list,
        description="When not answered: the nearest things the product information does say.",
    )
    note: str | None = None


def ask_product(
    deps: ToolDeps,
    product: ProductRef,
    question: Annotated[str, Field(min_length=1, max_length=500)],
) -> ProductAnswer | ToolError:
    """Answer a question about one product from its own description and attributes.

    Returns the description's sentences and the attributes that answer, best first, with the
    product as the citation; `answered` is false when the product information does not say.

    Args:
        product: Product id, handle or any of its SKUs, as returned by search_products.
        question: The shopper's question about the product, e.g. 'does it have a hydration
            sleeve?' or 'how long does it take to charge?'.
    """
    with deps.database.session() as session:
        found = find_product(session, deps.store_id, product)
        if found is None:
            return product_not_found(product)
        return answer_question(found, question)


def answer_question(product: Product, question: str) -> ProductAnswer:
    """The evidence for `question` among the product's sentences and attributes."""
    attributes: dict[str, AttributeValue] = dict(product.attributes)
    category = product.category.slug if product.category else None
    sentences = [plain(s) for s in split_sentences(product.description or "") if plain(s)]
    texts = [product.title, *sentences, *(str(k) for k in attributes)]
    asked = read_question(
        question,
        name_words(product.title, product.brand, category),
        vocabulary_of([*texts, *(str(v) for v in attributes.values())]),
    )
    citation = ProductCitation(product_id=product.id, handle=product.handle, title=product.title)
    yes_no = is_yes_no_question(question)
    words = [concept.word for concept in asked.concepts if concept.kind != "action"]
    base = ProductAnswer(
        citation=citation, question=question, asked=words, yes_no=yes_no, answered=False
    )
    if not words:
        return base.model_copy(update={"note": NOTHING_ASKED})
    sentence_readings = [read_text(sentence) for sentence in sentences]
    attribute_read = attribute_readings(attributes)
    matchable = all_keys([*sentence_readings, *attribute_read.values()])
    scored_sentences = [
        (weigh(asked, reading, attribute=False, matchable=matchable), sentence)
        for sentence, reading in zip(sentences, sentence_readings, strict=True)
    ]
    scored_attributes = [
        (weigh(asked, reading, attribute=True, matchable=matchable), key)
        for key, reading in attribute_read.items()
    ]
    flags = answering(asked, [m for m, _ in [*scored_sentences, *scored_attributes]])
    if not any(flags):
        related = _related(scored_sentences, scored_attributes, attributes)
        return base.model_copy(update={"related": related, "note": NOT_STATED})
    # The candidates covering the question compete on score; attributes answering a property
    # the question also names ("and how heavy is it?") are added.
    primary = [m.covers and m.score > 0 for m, _ in [*scored_sentences, *scored_attributes]]
    floor = NEAR_BEST * max(
        (
            m.score
            for (m, _), f, p in zip(
                [*scored_sentences, *scored_attributes], flags, primary, strict=True
            )
            if f and p
        ),
        default=0.0,
    )
    count = len(scored_sentences)
    chosen_sentences = [
        entry
        for entry, f in zip(scored_sentences, flags[:count], strict=True)
        if f and entry[0].score >= floor
    ][:MAX_SENTENCES]
    chosen_attributes = sorted(
        (
            entry
            for entry, f, p in zip(scored_attributes, flags[count:], primary[count:], strict=True)
            if f and (entry[0].score >= floor or not p)
        ),
        key=lambda e: -e[0].score,
    )[:MAX_ATTRIBUTES]
    evidence_sentences = [
        SentenceEvidence(text=text, score=round(m.score, 3), says=m.verdict if yes_no else None)
        for m, text in sorted(chosen_sentences, key=lambda e: sentences.index(e[1]))
    ]
    evidence_attributes = [
        _attribute(key, attributes[key], m, yes_no) for m, key in chosen_attributes
    ]
    best = max([*chosen_sentences, *chosen_attributes], key=lambda e: e[0].score)[0]
    return base.model_copy(
        update={
            "answered": True,
            "verdict": best.verdict if yes_no else None,
            "sentences": evidence_sentences,
            "attributes": evidence_attributes,
        }
    )


def _attribute(key: str, value: AttributeValue, match: Match, yes_no: bool) -> AttributeEvidence:
    words, unit = split_key(key)
    return AttributeEvidence(
        key=key,
        name=words.capitalize(),
        value=value,
        unit=unit if isinstance(value, int | float) and not isinstance(value, bool) else None,
        score=round(match.score, 3),
        says=match.verdict if yes_no else None,
    )


def _related(
    sentences: list[tuple[Match, str]],
    attributes: list[tuple[Match, str]],
    values: dict[str, AttributeValue],
) -> list[SentenceEvidence | AttributeEvidence]:
    """The nearest partial matches: a sentence or attribute sharing a word with the question."""
    ranked: list[tuple[float, SentenceEvidence | AttributeEvidence]] = []
    for match, text in sentences:
        if any(c.kind in ("subject", "property", "figure", "chinese") for c in match.matched):
            ranked.append((match.score, SentenceEvidence(text=text, score=round(match.score, 3))))
    for match, key in attributes:
        if any(c.kind in ("subject", "property", "chinese") for c in match.matched):
            evidence = _attribute(key, values[key], match, False)
            ranked.append((match.score, evidence))
    ranked.sort(key=lambda entry: -entry[0])
    return [evidence for _, evidence in ranked[:MAX_RELATED]]
