from pathlib import Path

from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import Coupon, Product, Variant
from evals.fixtures import apply_fixture_tables
from evals.loader import load_suite

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_fixture_store_loads_into_a_fresh_database(database: Database) -> None:
    loaded = load_suite(ROOT / "evals" / "suites" / "adversarial.yaml")
    assert loaded.store.fixture is not None
    with database.transaction() as session:
        store = apply_fixture_tables(session, "eval-injection", loaded.store.fixture)
        assert store.settings["discount_cap_percent"] == 15
    with database.session() as session:
        products = session.scalar(select(func.count()).select_from(Product))
        skus = set(session.scalars(select(Variant.sku)))
    assert products == 2
    assert skus == {"LAKE-2P-BLU", "GLOW-200-BLK"}


def test_fixture_pricing_is_applied(database: Database, tmp_path: Path) -> None:
    fixture_path = tmp_path / "store.yaml"
    fixture_path.write_text(
        "catalog:\n  products:\n"
        "    - {id: cap, title: Cap, variants: [{sku: CAP-1, price: '10.00', stock: 3}]}\n"
        "pricing:\n  coupons: [{code: TEN, percent_off: 10}]\n",
        encoding="utf-8",
    )
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        "name: s\nstore: {fixture: store.yaml}\nscenarios:\n  - id: a\n    turns: [{user: hi}]\n",
        encoding="utf-8",
    )
    fixture = load_suite(suite).store.fixture
    assert fixture is not None
    with database.transaction() as session:
        apply_fixture_tables(session, "eval-tiny", fixture)
    with database.session() as session:
        assert list(session.scalars(select(Coupon.code))) == ["TEN"]
