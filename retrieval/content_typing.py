"""A document's type from what it says, for files ingested without `--type`.

A text document (Markdown, text, HTML, PDF) is read and sorted into one of five kinds, tried in
this order:

size guide     three or more table rows of figures whose cells name sizes or body measures
faq            two or more questions each followed by an answer, a quarter of the lines or more
policy         two or more rules with a policy topic or a time limit, or one time-limited rule
               on two policy topics (returns, shipping, warranty, privacy, terms)
product copy   three or more product words and measurements (materials, features, "340 g"),
               with at most one rule
other          none of the above

The file name is a weak extra signal: it decides only when the content matches no kind.
A kind maps onto the stored document type: a size guide is stored as a `policy` (the
assistant looks for store information in policies and FAQs, where the shipped size guide has
always been), product copy as `other`. Catalog formats (CSV, JSON, JSON Lines, TSV, XML) keep
their detection by name and format. The reason is said in words, e.g.
"policy (by content: 5 rules, 3 with time limits or amounts)" or "policy: size guide (by
content: 6 table rows of sizes (chest, waist))", so a wrong guess is easy to see and to fix with
`--type`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from retrieval.content_features import ContentFeatures, measure, vocabulary
from retrieval.formats import file_format, guess_doc_type
from retrieval.parsers.base import decode_text
from retrieval.parsers.html import html_to_text
from retrieval.parsers.pdf import parse_pdf
from retrieval.results import DocType

ContentKind = Literal["catalog", "policy", "faq", "size_guide", "product_copy", "other"]
KIND_LABELS: dict[ContentKind, str] = {
    "catalog": "catalog",
    "policy": "policy",
    "faq": "faq",
    "size_guide": "size guide",
    "product_copy": "product copy",
    "other": "other",
}
STORED_AS: dict[ContentKind, DocType] = {
    "policy": "policy",
    "faq": "faq",
    "size_guide": "policy",
    "product_copy": "other",
    "other": "other",
}

MIN_SIZE_ROWS = 3
MIN_ANSWERED = 2
MIN_QUESTION_SHARE = 0.25
MIN_RULES = 2
MIN_PRODUCT_SIGNS = 3
MAX_PRODUCT_RULES = 1


@dataclass(frozen=True)
class TypeGuess:
    """The type a document is stored as, the kind of content found and why."""

    doc_type: DocType
    kind: ContentKind
    reason: str


def _listed(words: tuple[str, ...], limit: int = 3) -> str:
    return ", ".join(words[:limit])


def kind_of(features: ContentFeatures) -> tuple[ContentKind, str] | None:
    """The kind the counts show, with the evidence in words; None when nothing matches."""
    f = features
    if f.table_rows >= MIN_SIZE_ROWS and f.size_labels:
        return "size_guide", f"{f.table_rows} table rows of sizes ({_listed(f.size_labels)})"
    if f.answered_questions >= MIN_ANSWERED and f.question_share >= MIN_QUESTION_SHARE:
        return "faq", f"{f.answered_questions} questions with answers"
    limited = f.rules_with_limits
    if (f.rules >= MIN_RULES and (f.policy_topics or limited)) or (
        f.rules and limited and len(f.policy_topics) >= 2
    ):
        detail = f"{f.rules} rules"
        if limited:
            detail += f", {limited} with time limits or amounts"
        if f.policy_topics:
            detail += f", on {_listed(f.policy_topics)}"
        return "policy", detail
    signs = len(f.product_words) + f.product_figures
    if signs >= MIN_PRODUCT_SIGNS and f.rules <= MAX_PRODUCT_RULES:
        detail = f"{len(f.product_words)} product words ({_listed(f.product_words)})"
        if f.product_figures:
            detail += f", {f.product_figures} measurement{'s' if f.product_figures > 1 else ''}"
        return "product_copy", detail
    return None


def name_hint(name: str) -> ContentKind | None:
    """The kind a file name suggests (a weak signal), if any."""
    stem = PurePosixPath(name.lower()).stem
    hints = vocabulary().name_hints
    for kind in STORED_AS:
        if any(word in stem for word in hints.get(kind, ())):
            return kind
    return None


def readable_text(name: str, data: bytes) -> str:
    """The text a reader sees: HTML without tags, a PDF's pages, Markdown and text as written."""
    fmt = file_format(name)
    if fmt == "pdf":
        _title, sections = parse_pdf(name, data)
        return "\n\n".join(f"{s.heading or ''}\n{s.body}" for s in sections)
    text = decode_text(name, data)
    return html_to_text(text) if fmt == "html" else text


def _said(kind: ContentKind, how: str) -> TypeGuess:
    """The guess with its reason; the stored type leads when it differs from the kind."""
    doc_type, label = STORED_AS[kind], KIND_LABELS[kind]
    reason = f"{label} ({how})" if label == doc_type else f"{doc_type}: {label} ({how})"
    return TypeGuess(doc_type, kind, reason)


def type_by_content(name: str, text: str) -> TypeGuess:
    """Type a text document by its content, the file name deciding only when content does not."""
    found = kind_of(measure(text))
    if found is not None:
        kind, evidence = found
        return _said(kind, f"by content: {evidence}")
    hinted = name_hint(name)
    if hinted is not None:
        return _said(hinted, "by file name; content unclear")
    return _said("other", "by content: no rules, answered questions, size tables or product copy")


def guess_type(name: str, data: bytes) -> TypeGuess:
    """The type of a file ingested without `--type` (raises for unsupported or unreadable files)."""
    fmt = file_format(name)
    if fmt in ("csv", "tsv", "xml", "json", "jsonl"):
        doc_type = guess_doc_type(name)
        if doc_type == "faq":
            return TypeGuess("faq", "faq", "faq (by file name: question/answer rows)")
        return TypeGuess("product", "catalog", f"product (catalog file: {fmt.upper()})")
    return type_by_content(name, readable_text(name, data))
