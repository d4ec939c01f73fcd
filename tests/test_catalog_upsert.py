"""Applying a catalog: rows inserted, updated and related exactly as the file says, in a number
of statements that does not grow with the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn, VariantIn
from assistant.catalog.upsert import apply_catalog
from assistant.db import Database
from assistant.domain import AttributeDefinition, Category, Product, ProductRelation, Variant
from tests.factories import make_product, make_store

STORE = "shop"


def catalog(*products: ProductIn) -> CatalogIn:
    return CatalogIn(categories=[CategoryIn(slug="gear", name="Gear")], products=list(products))


def numbered(count: int, related_step: int = 1) -> list[ProductIn]:
    return [
        make_product(
            f"item-{n}",
            options=[{"size": "S"}, {"size": "M"}],
            related=[f"item-{(n + related_step) % count}"],
            attributes={"weight_g": n},
        )
        for n in range(count)
    ]


def relations(session: Session) -> set[tuple[str, str]]:
    handles: dict[int, str] = {
        product_id: handle
        for product_id, handle in session.execute(select(Product.id, Product.handle))
    }
    return {
        (handles[owner], handles[related])
        for owner, related in session.execute(
            select(ProductRelation.product_id, ProductRelation.related_product_id)
        )
    }


@contextmanager
def counted_statements(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_new_catalog_inserts_products_variants_and_relations(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        changes = apply_catalog(session, STORE, catalog(*numbered(3)))
        assert (changes.products_added, changes.products_updated) == (3, 0)
        assert (changes.variants_added, changes.variants_updated) == (6, 0)
        products = {p.handle: p for p in session.scalars(select(Product))}
        assert changes.product_ids == [products[f"item-{n}"].id for n in range(3)]
        assert products["item-1"].attributes == {"weight_g": 1}
        assert products["item-1"].category is not None
        assert products["item-1"].category.slug == "gear"
        assert {(v.sku, v.options["size"]) for v in products["item-2"].variants} == {
            ("ITEM-2-0", "S"),
            ("ITEM-2-1", "M"),
        }
        assert relations(session) == {
            ("item-0", "item-1"),
            ("item-1", "item-2"),
            ("item-2", "item-0"),
        }
        assert session.scalar(select(AttributeDefinition.value_type)) == "number"


def test_applying_again_updates_the_same_rows_and_replaces_relations(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        first = apply_catalog(session, STORE, catalog(*numbered(4)))
        variant_ids = set(session.scalars(select(Variant.id)))
        changed = numbered(4, related_step=2)
        changed[0] = make_product(
            "item-0",
            title="Renamed",
            price="12.50",
            stock=9,
            options=[{"size": "S"}, {"size": "M"}],
        )
        second = apply_catalog(session, STORE, catalog(*changed))
        assert second.product_ids == first.product_ids
        assert (second.products_added, second.products_updated) == (0, 4)
        assert (second.variants_added, second.variants_updated) == (0, 8)
        assert set(session.scalars(select(Variant.id))) == variant_ids
        renamed = session.scalars(select(Product).where(Product.handle == "item-0")).one()
        assert renamed.title == "Renamed"
        assert renamed.attributes == {}
        assert {(v.price_minor, v.stock_on_hand) for v in renamed.variants} == {(1250, 9)}
        # item-0 lost its relation; the others point two ahead now.
        assert relations(session) == {
            ("item-1", "item-3"),
            ("item-2", "item-0"),
            ("item-3", "item-1"),
        }


def test_stock_on_hand_never_drops_below_reserved_units(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        apply_catalog(session, STORE, catalog(make_product("tent", stock=10)))
        variant = session.scalars(select(Variant)).one()
        variant.stock_reserved = 4
        session.flush()
        apply_catalog(session, STORE, catalog(make_product("tent", stock=1)))
        assert (variant.stock_on_hand, variant.stock_reserved) == (4, 4)
        apply_catalog(session, STORE, catalog(make_product("tent", stock=7)))
        assert (variant.stock_on_hand, variant.stock_reserved) == (7, 4)


def test_products_and_variants_missing_from_the_file_are_kept(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        apply_catalog(session, STORE, catalog(*numbered(3)))
        smaller = make_product("item-1", options=[{"size": "XL"}], related=["item-2"])
        smaller.variants[0].sku = "ITEM-1-XL"
        changes = apply_catalog(session, STORE, catalog(smaller))
        assert (changes.variants_added, changes.variants_updated) == (1, 0)
        assert len(session.scalars(select(Product)).all()) == 3
        item = session.scalars(select(Product).where(Product.handle == "item-1")).one()
        assert {v.sku for v in item.variants} == {"ITEM-1-0", "ITEM-1-1", "ITEM-1-XL"}
        # A relation may name a product that is only in the store, not in this file.
        assert ("item-1", "item-2") in relations(session)


def test_a_handle_listed_twice_is_one_product_with_the_last_listing_s_fields(
    database: Database,
) -> None:
    first = make_product("lamp", title="Lamp", related=["bulb"])
    second = ProductIn(
        id="lamp",
        title="Desk lamp",
        category="gear",
        variants=[VariantIn(sku="LAMP-B", price=Decimal("30"), stock=1)],
    )
    with database.transaction() as session:
        make_store(session, STORE)
        changes = apply_catalog(session, STORE, catalog(make_product("bulb"), first, second))
        lamp = session.scalars(select(Product).where(Product.handle == "lamp")).one()
        assert lamp.title == "Desk lamp"
        assert {v.sku for v in lamp.variants} == {"LAMP-0", "LAMP-B"}
        assert (changes.products_added, changes.products_updated) == (2, 1)
        assert changes.product_ids[1] == changes.product_ids[2] == lamp.id
        assert relations(session) == set()


def test_self_and_unknown_relations_are_skipped_and_duplicates_kept_once(
    database: Database,
) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        apply_catalog(
            session,
            STORE,
            catalog(
                make_product("a", related=["a", "b", "b", "nowhere"]),
                make_product("b"),
            ),
        )
        assert relations(session) == {("a", "b")}


def test_categories_are_created_for_products_that_name_an_unlisted_one(
    database: Database,
) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        apply_catalog(session, STORE, catalog(make_product("axe", category="tools")))
        axe = session.scalars(select(Product).where(Product.handle == "axe")).one()
        tools = session.scalars(select(Category).where(Category.slug == "tools")).one()
        assert axe.category_id == tools.id


def test_the_number_of_statements_does_not_grow_with_the_catalog(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, STORE)
        with counted_statements(session) as small_new:
            apply_catalog(session, STORE, catalog(*numbered(5)))
        with counted_statements(session) as small_again:
            apply_catalog(session, STORE, catalog(*numbered(5)))
    with database.transaction() as session:
        make_store(session, "big")
        with counted_statements(session) as big_new:
            apply_catalog(session, "big", catalog(*numbered(300)))
        with counted_statements(session) as big_again:
            apply_catalog(session, "big", catalog(*numbered(300)))
    assert len(big_new) == len(small_new)
    assert len(big_again) == len(small_again)
