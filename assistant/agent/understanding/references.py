"""Option values that only make sense about the product being discussed.

"Add the 43 to my cart" after talking about a boot sold in sizes 38 to 43: the bare number
after "the" is that boot's size, not a search word. "Make it the other colour" about a tent in
green, sold in green and orange: the colour is orange. Both need the discussed product's own
option values, so they are read here, with the dialogue context, after the message's other
options.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.agent.understanding.context import ProductRef
from assistant.agent.understanding.option_match import OptionIndex
from assistant.agent.understanding.product_choice import same_value
from assistant.agent.understanding.scan import Scan

_THE_VALUE = (
    re.compile(
        r"\b(?:the|that|this|those|these)\s+(?P<value>\d{1,3}(?:\.5)?)(?![\d.%])"
        r"(?!\s*(?:%|percent|dollars?|bucks|euros?|pounds?|cm|mm|m|kg|g|ml|l|x)\b)"
    ),
    re.compile(r"(?<![\d.])(?P<value>\d{1,3}(?:\.5)?)\s*(?:ones?|version)\b"),
    re.compile(r"(?<![\d.])(?P<value>\d{1,3}(?:\.5)?)\s*(?:的|那(?:双|个|件|款|顶|条))"),
)
_OTHER = (
    re.compile(
        r"\b(?:the|an?) (?:other|different) (?P<what>colou?r|size|length|shade|variant|capacity)\b"
        r"|\banother (?P<what2>colou?r|size|length|shade|variant)\b"
    ),
    # "the other one" or 另一款 may be the other product; only a named option is read here.
    re.compile(r"(?:另一|另外一|另|别的|其他|其它|换个)(?:个|种)?(?P<what>颜色|尺码|码|尺寸)"),
)
_COLOUR_WORDS = frozenset({"colour", "color", "shade", "颜色"})
_SIZE_WORDS = frozenset({"size", "尺码", "码", "尺寸"})


@dataclass
class Resolved:
    """Options read against the discussed product."""

    options: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.options or self.candidates)


def resolve_discussed(
    scan: Scan,
    discussed: ProductRef,
    values: Mapping[str, tuple[str, ...]],
    option_index: OptionIndex,
) -> Resolved:
    """Values of the discussed product named only by reference; claims what it reads."""
    resolved = Resolved()
    if not values:
        return resolved
    for pattern in _THE_VALUE:
        for match in scan.free_matches(pattern, "value"):
            number = match.group("value")
            for name, offered in values.items():
                if number in offered and name not in resolved.options:
                    resolved.options[name] = number
                    scan.claim(*match.span("value"))
                    break
    for pattern in _OTHER:
        for match in scan.free_matches(pattern):
            found = match.groupdict()
            what = found.get("what") or found.get("what2") or ""
            option = _option_meant(what, values, option_index)
            if option is None:
                continue
            current = discussed.options.get(option)
            others = [v for v in values[option] if current is None or not same_value(current, v)]
            if len(others) == 1:
                resolved.options[option] = others[0]
            elif others:
                resolved.candidates[option] = others
            scan.claim(*match.span())
    return resolved


def _option_meant(
    what: str, values: Mapping[str, tuple[str, ...]], option_index: OptionIndex
) -> str | None:
    """The discussed product's option a word such as "colour", "size" or "one" points at."""
    several = [name for name, offered in values.items() if len(offered) > 1]
    if what in _COLOUR_WORDS:
        named = [name for name in several if name in option_index.colour_names]
    elif what in _SIZE_WORDS:
        named = [name for name in several if name in option_index.size_names]
    elif what in {"length", "capacity"}:
        named = [name for name in several if what in name.lower()]
    else:
        named = several
    return named[0] if len(named) == 1 else None
