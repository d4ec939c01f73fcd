"""Text handling shared by the extractors: normalisation, word tokens, stems, CJK segments and
the `Scan`, a message plus a mask of the characters a slot extractor has already claimed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK_RANGE}]")
WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?(?:'[a-z]+)?")

# Full-width and typographic punctuation NFKC leaves alone.
_PUNCTUATION = str.maketrans(
    {"。": ".", "、": ",", "’": "'", "‘": "'", "“": '"', "”": '"', "《": " ", "》": " "}
)


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), ASCII punctuation, single spaces.

    Lower-casing is left to `Scan`, so both cases stay aligned character for character.
    """
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    return " ".join(text.split())


def lower_aligned(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two code points)."""
    return "".join(lowered if len(lowered := char.lower()) == 1 else char for char in text)


def stem(word: str) -> str:
    """A light English stem: plural endings and a possessive, enough to match "boots" to "boot"."""
    word = word.removesuffix("'s").replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case ASCII word tokens (digits and decimals included)."""
    return WORD.findall(lower_aligned(text))


def stems(text: str) -> list[str]:
    """Stems of the ASCII word tokens of a text."""
    return [stem(word) for word in words(text)]


def segment_cjk(run: str, dictionary: frozenset[str], longest: int = 6) -> list[str]:
    """Forward maximum matching over a run of CJK characters.

    Known words come out whole; unknown characters between them are kept together as one
    segment, so a product name the dictionary does not know survives intact.
    """
    segments: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(run):
        for size in range(min(longest, len(run) - index), 0, -1):
            piece = run[index : index + size]
            if piece in dictionary:
                if unknown:
                    segments.append("".join(unknown))
                    unknown = []
                segments.append(piece)
                index += size
                break
        else:
            unknown.append(run[index])
            index += 1
    if unknown:
        segments.append("".join(unknown))
    return segments


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


def contains_cjk(text: str) -> bool:
    """Whether the text has any CJK ideograph."""
    return CJK_CHAR.search(text) is not None


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation matching any of the phrases as whole words (longest first).

    Hyphens and spaces inside a phrase match each other, so "4-season" finds "4 season".
    CJK phrases match anywhere; ASCII phrases need word boundaries.
    """
    parts = []
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        escaped = r"[\s-]?".join(re.escape(piece) for piece in re.split(r"[\s-]+", phrase))
        if contains_cjk(phrase):
            parts.append(escaped)
        else:
            parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    if not parts:
        return None
    return re.compile("|".join(parts))
