"""Several products in one message, each with its own quantity and options.

"Add a Sparkburn Stove and two 230 g fuel canisters to my cart" asks for two lines.
The message is cut at "and", commas, "plus", 和, 、 and the like; a piece that names no product
("in charcoal, size L") belongs to the piece before it. When at least two pieces name different
products (or kinds of product), each is read on its own for its product, quantity and options.
A piece with a count of its own ("two fuel canisters") names a product by its words even when
they are everyday words no title owns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.slots import Slots, extract_slots
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.stemming import stems

_SEPARATOR = re.compile(
    r",?\s+(?:and|plus|as well as|along with|together with|also)\s+|\s*[,;]\s*|\s*(?:、|以及|还有|"
    r"再加上?|外加|另外|和|跟)\s*",
    re.IGNORECASE,
)
_STRONG_PRODUCT = 0.5


@dataclass(frozen=True)
class ItemSlots:
    """One product of several: the piece of the message about it, and what it says."""

    text: str
    slots: Slots
    identity: str
    handles: tuple[str, ...]


def split_items(text: str, vocabulary: CatalogVocabulary) -> list[ItemSlots]:
    """The products a message asks for one by one; empty unless it names two or more."""
    pieces = [piece.strip() for piece in _SEPARATOR.split(text) if piece and piece.strip()]
    if len(pieces) < 2:
        return []
    groups: list[list[str]] = []
    for piece in pieces:
        if not groups or _identity(_read(piece, vocabulary), vocabulary)[0] is not None:
            groups.append([piece])
        else:
            groups[-1].append(piece)  # "in charcoal, size L" belongs to the product before
    items: list[ItemSlots] = []
    for group in groups:
        joined = ", ".join(group)
        if items and _identity(_read(joined, vocabulary), vocabulary)[0] == items[-1].identity:
            # Both halves of one title ("Cup and Saucer Set") name the same product.
            joined = f"{items[-1].text} and {joined}"
            items.pop()
        item = _item(joined, vocabulary)
        if item is not None:
            items.append(item)
    return items if len(items) >= 2 else []


def _read(text: str, vocabulary: CatalogVocabulary) -> Slots:
    return extract_slots(Scan(text), vocabulary)


def _item(text: str, vocabulary: CatalogVocabulary) -> ItemSlots | None:
    slots = _read(text, vocabulary)
    identity, handles = _identity(slots, vocabulary)
    return None if identity is None else ItemSlots(text, slots, identity, handles)


def _identity(slots: Slots, vocabulary: CatalogVocabulary) -> tuple[str | None, tuple[str, ...]]:
    """What a piece names (its best product, else its kind of product) and its products."""
    handles = tuple(handle for handle, _ in slots.products)
    if slots.products and slots.products[0][1] >= _STRONG_PRODUCT:
        return f"product:{handles[0]}", handles
    if slots.quantity.quantity is not None and slots.query_text:
        # "two 230 g fuel canisters": everyday words, but the one title that has them all.
        found = vocabulary.index.titles_with_all(stems(slots.query_text))
        if found:
            return f"product:{found[0]}", tuple(found)
    if slots.category:
        return f"category:{slots.category}", handles
    if slots.concepts:
        return f"concept:{slots.concepts[0]}", handles
    if handles:
        return f"product:{handles[0]}", handles
    if slots.quantity.quantity is not None and slots.query_text:
        return f"words:{slots.query_text}", handles
    return None, handles
