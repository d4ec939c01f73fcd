"""The grounding guard: every figure in a reply must come from this turn's evidence.

A figure is a number (money, stock counts, days, percentages, quantities, dates) or an order
status word. Evidence is what the turn's tools returned and the passages it retrieved; the
shopper's own words also count (repeating "size 42" back is not inventing it). The eval
harness uses the same functions for its "no ungrounded figures" assertion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text.cjk import has_cjk

# Digits with optional thousands separators and decimals; not part of a longer word or code.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![A-Za-z0-9_-]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
STATUS_WORDS = {
    "pending_payment": ("pending payment", "awaiting payment", "待付款"),
    "paid": ("paid", "已付款"),
    "shipped": ("shipped", "已发货"),
    "delivered": ("delivered", "已送达", "已签收"),
    "cancelled": ("cancelled", "canceled", "已取消"),
    "refunded": ("refunded", "已退款"),
}


@dataclass(frozen=True)
class Violation:
    """A figure in the reply that no evidence supports."""

    figure: str
    kind: str  # "number" | "date" | "status"


def _canonical(integer: str, fraction: str | None) -> str:
    text = integer.replace(",", "") + (f".{fraction}" if fraction else "")
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


def numbers_in(text: str) -> set[str]:
    """Every number in `text`, canonical (commas dropped, trailing zeros dropped: 249.00 -> 249)."""
    found = {_canonical(match.group(1), match.group(2)) for match in _NUMBER.finditer(text)}
    for year, month, day in _ISO_DATE.findall(text):
        found.update({str(int(year)), str(int(month)), str(int(day))})
    return found


def evidence_numbers(evidence: Iterable[str]) -> set[str]:
    """Numbers in the evidence, plus minor-unit amounts turned back into major units."""
    numbers: set[str] = set()
    for text in evidence:
        numbers |= numbers_in(text)
        for minor in re.findall(r'"(?:amount_minor|\w+_minor)":\s*(-?\d+)', text):
            numbers.add(format((Decimal(minor) / 100).normalize(), "f"))
    return numbers


def find_ungrounded(
    reply: str, evidence: Iterable[str], shopper_text: str = "", *, allow: Iterable[str] = ()
) -> list[Violation]:
    """Figures and order statuses in `reply` that neither the evidence nor the shopper gave."""
    evidence = list(evidence)
    supported = evidence_numbers(evidence) | numbers_in(shopper_text) | set(allow)
    violations = [
        Violation(number, "number")
        for number in sorted(numbers_in(reply) - supported)
        if not _is_list_marker(reply, number)
    ]
    evidence_lower = " ".join(evidence).lower()
    reply_lower = reply.lower()
    for status, words in STATUS_WORDS.items():
        said = [word for word in words if _contains_word(reply_lower, word)]
        if (
            said
            and status not in evidence_lower
            and not any(_contains_word(evidence_lower, word) for word in words)
        ):
            violations.append(Violation(said[0], "status"))
    return violations


def _contains_word(text: str, word: str) -> bool:
    if has_cjk(word):
        return word in text
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _is_list_marker(reply: str, number: str) -> bool:
    """`1.` or `2)` at the start of a line numbers a list; it states no fact."""
    return re.search(rf"(?m)^\s*{re.escape(number)}[.)]\s", reply) is not None


def strip_ungrounded_sentences(reply: str, violations: list[Violation]) -> str:
    """The reply without the sentences that carry an ungrounded figure ("" if none is left)."""
    if not violations:
        return reply
    sentences = re.split(r"(?<=[.!?])\s+|(?<=[。！？])", reply)
    kept = [
        sentence
        for sentence in sentences
        if sentence
        and not any(
            (v.kind == "number" and v.figure in numbers_in(sentence))
            or (v.kind != "number" and v.figure in sentence.lower())
            for v in violations
        )
    ]
    return " ".join(kept).strip()
