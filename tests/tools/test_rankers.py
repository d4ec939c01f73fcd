"""How the index and the lexical ranker combine for search_products."""

from collections.abc import Sequence

from tests.tools.conftest import DepsFactory
from tests.tools.test_search_tools import found
from tools.deps import RankableProduct
from tools.search import search_products
from tools.services import IndexFirstRanker, LexicalFirstRanker


class Index:
    """An index that knows the store's products (or not) and likes only socks."""

    def __init__(self, indexed: bool = True) -> None:
        self.indexed = indexed
        self.asked = 0

    def rank_indexed(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float] | None:
        self.asked += 1
        if not self.indexed:
            return None
        return {p.product_id: 1.0 for p in products if "Sock" in p.title}


def test_the_index_ranks_when_it_holds_the_stores_products(
    new_deps: DepsFactory, shop: str
) -> None:
    deps = new_deps(shop, ranker=IndexFirstRanker(Index()))
    assert found(search_products(deps, "boot")) == ["wool-sock"]


def test_a_store_the_index_does_not_hold_is_ranked_lexically(
    new_deps: DepsFactory, shop: str
) -> None:
    deps = new_deps(shop, ranker=IndexFirstRanker(Index(indexed=False)))
    assert "wool-sock" not in found(search_products(deps, "boot"))
    assert found(search_products(deps, "boot"))


def test_lexical_first_asks_the_index_only_when_no_word_matches(
    new_deps: DepsFactory, shop: str
) -> None:
    index = Index()
    deps = new_deps(shop, ranker=LexicalFirstRanker(index))
    assert "wool-sock" not in found(search_products(deps, "boot"))
    assert index.asked == 0
    assert found(search_products(deps, "暖和的袜子")) == ["wool-sock"]
    assert index.asked == 1
