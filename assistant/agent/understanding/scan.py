"""The `Scan`, a message plus a mask of the characters a slot extractor has already claimed,
and the phrase patterns the extractors search it with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from text.cjk import has_cjk
from text.normalise import lower_aligned


@dataclass
class Scan:
    """One message being read: its normalised text, a lower-case twin and the claimed spans.

    Extractors claim the characters they explain (a price, a size, an order number) so the next
    extractor does not read them again and the query text leaves them out. `explained` marks
    characters that some cue or vocabulary entry accounted for, for the coverage measure.
    """

    text: str
    lower: str = field(init=False)
    used: bytearray = field(init=False)
    explained: bytearray = field(init=False)
    kept: bytearray = field(init=False)

    def __post_init__(self) -> None:
        self.lower = lower_aligned(self.text)
        self.used = bytearray(len(self.text))
        self.explained = bytearray(len(self.text))
        self.kept = bytearray(len(self.text))

    def is_free(self, start: int, end: int) -> bool:
        """Whether no extractor has claimed any character in the span."""
        return not any(self.used[start:end])

    def claim(self, start: int, end: int) -> None:
        """Mark a span as read by an extractor (it also counts as explained)."""
        self.used[start:end] = b"\x01" * (end - start)
        self.explained[start:end] = b"\x01" * (end - start)

    def reserve(self, start: int, end: int) -> None:
        """Claim a span for no slot, keeping it in the query text ("green" in "green tea")."""
        self.claim(start, end)
        self.kept[start:end] = b"\x01" * (end - start)

    def explain(self, start: int, end: int) -> None:
        """Mark a span as accounted for without claiming it."""
        self.explained[start:end] = b"\x01" * (end - start)

    def free_matches(
        self, pattern: re.Pattern[str], group: int | str = 0
    ) -> Iterator[re.Match[str]]:
        """Matches of a pattern on the lower-case text whose `group` span is still unclaimed."""
        for match in pattern.finditer(self.lower):
            start, end = match.span(group)
            if start >= 0 and self.is_free(start, end):
                yield match

    def remaining(self) -> str:
        """The lower-case text with claimed characters blanked out."""
        return "".join(
            " " if used else char for char, used in zip(self.lower, self.used, strict=True)
        )


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation matching any of the phrases as whole words (longest first).

    Hyphens and spaces inside a phrase match each other, so "4-season" finds "4 season".
    CJK phrases match anywhere; ASCII phrases need word boundaries.
    """
    parts = []
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        escaped = r"[\s-]?".join(re.escape(piece) for piece in re.split(r"[\s-]+", phrase))
        if has_cjk(phrase):
            parts.append(escaped)
        else:
            parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    if not parts:
        return None
    return re.compile("|".join(parts))
