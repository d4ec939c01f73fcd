"""Two differently shaped stores for the understanding tests, and a helper to read messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.agent.understanding import (
    CatalogVocabulary,
    DialogueContext,
    Intent,
    ProductRef,
    Understanding,
    understand,
)
from assistant.catalog.schema import CatalogIn

ROOT = Path(__file__).resolve().parents[3]
DEMO_CATALOG = ROOT / "assistant" / "demo_store" / "catalog.json"
TEA_CATALOG = Path(__file__).with_name("tea_catalog.json")
CONTEXT_SKU = "CONTEXT-SKU"


def _load(path: Path) -> CatalogIn:
    return CatalogIn.model_validate_json(path.read_text(encoding="utf-8"))


DEMO_VOCABULARY = CatalogVocabulary.from_catalog(
    _load(DEMO_CATALOG), currency="USD", coupon_codes=["WELCOME10", "TRAIL20", "SUMMER25"]
)
# The second store: other categories, other option names (weight, grind, plug, storage), other
# currency, another order-number format, no shared coupon codes.
TEA_VOCABULARY = CatalogVocabulary.from_catalog(
    _load(TEA_CATALOG), currency="EUR", order_number_pattern=r"LC\d{6}", coupon_codes=["TEATIME15"]
)
VOCABULARIES = {"demo": DEMO_VOCABULARY, "tea": TEA_VOCABULARY}


def context_for(
    store: str,
    handle: str | None = None,
    intent: Intent | None = None,
    in_cart: bool = False,
    options: dict[str, str] | None = None,
) -> DialogueContext:
    """A dialogue context whose last product is `handle` in the given store."""
    if handle is None:
        return DialogueContext(last_intent=intent)
    product = next(p for p in VOCABULARIES[store].products if p.handle == handle)
    return DialogueContext(
        last_product=ProductRef(
            handle=handle,
            title=product.title,
            options=options or {},
            sku=CONTEXT_SKU,
            category=product.category,
        ),
        last_intent=intent,
        cart_skus=frozenset({CONTEXT_SKU}) if in_cart else frozenset(),
        last_category=product.category,
    )


@dataclass(frozen=True)
class Store:
    """A store under test: its name and vocabulary, and a reader bound to it."""

    name: str
    vocabulary: CatalogVocabulary

    def read(self, text: str, context: DialogueContext | None = None) -> Understanding:
        return understand(text, self.vocabulary, context)


@pytest.fixture(params=["demo", "tea"])
def store(request: pytest.FixtureRequest) -> Store:
    """Each test using it runs once per store."""
    return Store(request.param, VOCABULARIES[request.param])


@pytest.fixture
def demo() -> Store:
    return Store("demo", DEMO_VOCABULARY)


@pytest.fixture
def tea() -> Store:
    return Store("tea", TEA_VOCABULARY)
