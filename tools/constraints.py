"""What a shopper asked a product to have, counted product by product: the features it meets
and those it misses, and whether its title or tags name the kind of product asked for.

Ranking and search report these counts instead of padding a list with products that meet
nothing, or with another kind of product of the same category ("a 2 person tent" is not met by
the tarp of the tents category).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import Product
from text.stemming import stems
from tools.catalog_view import VariantInfo
from tools.product_filters import (
    AttributeFilters,
    FilterValue,
    matching_variants,
    normal_key,
    product_matches,
)


def feature_name(name: str, value: FilterValue) -> str:
    """A constraint as the result names it: 'adjustable', 'not waterproof', 'gender women'."""
    if value is True:
        return name
    if value is False:
        return f"not {name}"
    return f"{name} {value}"


def unmet_features(
    product: Product, infos: Sequence[VariantInfo], features: AttributeFilters
) -> list[str]:
    """The features the product does not have; one that is an option (a size, a colour) is
    met when some variant has it."""
    return [
        feature_name(name, wanted)
        for name, wanted in features.items()
        if not product_matches(product, {name: wanted})
        or not matching_variants(product, infos, {name: wanted})
    ]


def stated_features(
    features: AttributeFilters, products: Sequence[Product]
) -> tuple[AttributeFilters, list[str]]:
    """The features some of the products state (as an attribute or an option), and the names
    of those none does: a constraint nothing can meet says nothing about the products."""
    stated: set[str] = set()
    for product in products:
        stated.update(normal_key(name) for name in product.attributes)
        stated.update(normal_key(name) for v in product.variants for name in v.options)
    kept = {name: value for name, value in features.items() if normal_key(name) in stated}
    return kept, [name for name in features if normal_key(name) not in stated]


def names_kind(product: Product, kind: str, also: Sequence[str] = ()) -> bool:
    """Whether the product's title or tags name the kind ('tent' names the Ridgeline 2P
    Backpacking Tent, not the Ridge Tarp), or one of the other words `also` given for it."""
    words = set(stems(product.title))
    for tag in product.tags:
        words.update(stems(str(tag).replace("-", " ")))
    for name in (kind, *also):
        wanted = set(stems(name))
        if wanted and wanted <= words:
            return True
    return False
