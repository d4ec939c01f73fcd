"""Catalog exports read with no flags: each format's profile, its columns, variants and options."""

from pathlib import Path

import pytest

from assistant.errors import IngestFormatError, InvalidInputError
from retrieval.formats import ParseOptions, parse_document
from retrieval.parsers.catalog import parse_catalog, read_catalog
from retrieval.parsers.catalog_import import check_profile
from retrieval.parsers.import_report import ImportReport
from retrieval.parsers.profiles.common import ImportRules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"


def imported(name: str, options: ParseOptions | None = None) -> tuple[ImportReport, dict]:
    parsed = parse_document(name, (FIXTURES / name).read_bytes(), "product", options)
    assert parsed.catalog is not None and parsed.import_report is not None
    return parsed.import_report, {product.id: product for product in parsed.catalog.products}


def target_of(report: ImportReport, column: str) -> str | None:
    return next(use.target for use in report.columns if use.column == column)


def test_a_shopify_export_loads_variants_and_options_by_handle() -> None:
    report, products = imported("shopify_products.csv")
    assert report.profile == "shopify"
    runner = products["ridgeline-trail-runner"]
    assert [(v.sku, v.options) for v in runner.variants][:2] == [
        ("RTR-42-SLT", {"Size": "42", "Color": "Slate"}),
        ("RTR-43-SLT", {"Size": "43", "Color": "Slate"}),
    ]
    assert [v.stock for v in runner.variants] == [6, 4, 0, 2]
    assert str(runner.variants[0].compare_at_price) == "149.00"
    assert runner.brand == "Northpeak" and runner.category == "trail-shoes"
    assert "<p>" not in runner.description and "rock plate" in runner.description
    assert runner.attributes == {"Fabric": "Recycled mesh"}
    assert products["summit-bottle-750"].variants[0].options == {}  # "Default Title" is none
    assert (report.products, report.variants, report.option_values) == (2, 5, 8)
    assert any("only an image" in warning for warning in report.warnings)


def test_an_oversold_shopify_variant_has_nothing_in_stock() -> None:
    text = (FIXTURES / "shopify_products.csv").read_text().replace(",shopify,2,", ",shopify,-3,")
    parsed = read_catalog("shopify.csv", text, "csv", ImportRules())
    assert parsed.rejected == [] and parsed.report is not None
    assert parsed.catalog.products[0].variants[3].stock == 0
    assert any("oversold" in warning for warning in parsed.report.warnings)


def test_a_shopify_export_names_every_column_it_does_not_read() -> None:
    report, _products = imported("shopify_products.csv")
    ignored = {use.column: use.note for use in report.ignored}
    assert "Variant Barcode" in ignored and "Image Src" in ignored
    assert all(note for note in ignored.values())
    barcode = next(use for use in report.columns if use.column == "Variant Barcode")
    assert barcode.samples[0] == "0840001000011"


def test_a_woocommerce_export_joins_variations_to_their_parent() -> None:
    report, products = imported("woocommerce_products.csv")
    assert report.profile == "woocommerce"
    hoodie = products["hoodie-zip"]
    assert [v.sku for v in hoodie.variants] == [
        "HOODIE-ZIP-S-NAVY",
        "HOODIE-ZIP-M-NAVY",
        "HOODIE-ZIP-L-SAND",  # its Parent names the SKU, the others "id:20"
    ]
    assert hoodie.variants[1].options == {"Size": "M", "Colour": "Navy"}
    assert (str(hoodie.variants[1].price), str(hoodie.variants[1].compare_at_price)) == (
        "59.00",
        "69.00",
    )
    assert hoodie.title == "Harbour Zip Hoodie" and hoodie.category == "hoodies"
    beanie = products["wool-beanie"]
    assert beanie.attributes == {"Material": "Merino wool"} and beanie.variants[0].options == {}
    assert any("'grouped'" in warning for warning in report.warnings)


def test_a_woocommerce_product_named_in_another_script_gets_an_id_from_its_row() -> None:
    header = (FIXTURES / "woocommerce_products.csv").read_text().splitlines()[0]
    parent = "50,variable,,羊毛帽,1,0,visible,,,,,taxable,1,,0,,,,,,,,,Size,M,1,1,,,,"
    child = (
        "51,variation,HAT-M,羊毛帽 M,1,0,visible,,,,,taxable,1,3,0,,,20.00,,,,,id:50,Size,M,,1,,,,"
    )
    parsed = read_catalog("woo.csv", f"{header}\n{parent}\n{child}\n", "csv", ImportRules())
    assert parsed.rejected == []
    assert [(p.id, p.title) for p in parsed.catalog.products] == [("woo-50", "羊毛帽")]


def test_a_woocommerce_variation_without_its_parent_is_a_located_problem() -> None:
    text = (FIXTURES / "woocommerce_products.csv").read_text().replace("id:20", "id:99")
    parsed = read_catalog("woo.csv", text, "csv", ImportRules())
    assert [(p.line, p.column) for p in parsed.rejected] == [(4, "Parent"), (5, "Parent")]


@pytest.mark.parametrize("name", ["merchant_center_feed.xml", "merchant_center_feed.tsv"])
def test_a_merchant_center_feed_groups_items_into_products(name: str) -> None:
    report, products = imported(name)
    assert report.profile == "merchant-center"
    assert report.products == 2 and report.variants >= 3
    grouped = next(product for product in products.values() if len(product.variants) > 1)
    sale = next(v for v in grouped.variants if v.compare_at_price is not None)
    assert sale.price < sale.compare_at_price
    assert {"size", "color"} <= set(grouped.variants[0].options)
    assert any(v.stock == 0 for v in grouped.variants)  # out_of_stock
    assert " - M" not in grouped.title  # the words the variants' titles share
    assert target_of(report, "gtin") is None


def test_the_xml_feed_reports_nested_elements_it_skips() -> None:
    report, products = imported("merchant_center_feed.xml")
    assert products["rain-shell"].title == "Tidewater Rain Shell - Red"
    assert products["rain-shell"].category == "rain-jackets"
    assert target_of(report, "shipping (nested)") is None


def test_a_feed_with_availability_but_no_quantity_says_so_once() -> None:
    text = "id\ttitle\tprice\tavailability\nA1\tA\t5.00 USD\tin_stock\nB1\tB\t6.00 USD\tin_stock\n"
    parsed = read_catalog("feed.tsv", text, "tsv", ImportRules())
    availability = [p for p in parsed.rejected if p.column == "availability"]
    assert len(availability) == 1 and "--in-stock-quantity" in availability[0].message
    counted = read_catalog("feed.tsv", text, "tsv", ImportRules(in_stock_quantity=3))
    assert counted.rejected == []
    assert [p.variants[0].stock for p in counted.catalog.products] == [3, 3]


def test_feed_prices_in_another_currency_than_the_stores_are_a_problem() -> None:
    text = (FIXTURES / "merchant_center_feed.tsv").read_text()
    parsed = read_catalog("feed.tsv", text, "tsv", ImportRules(currency="EUR"))
    assert [p.message for p in parsed.rejected] == ["prices are in USD, the store sells in EUR"]
    assert read_catalog("feed.tsv", text, "tsv", ImportRules(currency="USD")).rejected == []


def test_a_variable_product_without_variations_is_named() -> None:
    text = (FIXTURES / "woocommerce_products.csv").read_text()
    kept = [line for line in text.splitlines() if ",variation," not in line]
    parsed = read_catalog("woo.csv", "\n".join(kept) + "\n", "csv", ImportRules())
    assert parsed.report is not None
    assert any("'hoodie-zip'" in warning for warning in parsed.report.warnings)


def test_a_wide_export_makes_every_other_column_an_option() -> None:
    report, products = imported("wide_export_73_columns.csv")
    assert report.profile == "wide" and len(report.columns) == 73
    assert target_of(report, "item_id") == "sku"
    assert target_of(report, "product_name") == "title"
    assert target_of(report, "qty") == "stock"
    assert [use.column for use in report.ignored] == ["spare_laces"]  # empty in every row
    trail = products["trailhawk"]
    assert len(trail.variants) == 3 and len(trail.variants[0].options) == 66
    assert trail.variants[1].options["size_eu"] == "42"
    assert trail.brand == "Northpeak"


def test_brands_that_differ_between_variants_stay_with_the_variants() -> None:
    report, products = imported("wide_export_73_columns.csv")
    city = products["citystride"]
    assert city.brand is None
    assert [v.options["brand"] for v in city.variants] == [
        "Urbanform",
        "Lumen Works",
        "Kessel & Co",
    ]
    assert any(
        "brand differs" in warning and "citystride" in warning for warning in report.warnings
    )


def test_the_flags_a_merchant_needed_before_still_work_and_keep_the_options() -> None:
    text = (FIXTURES / "wide_export_73_columns.csv").read_text()
    parsed = parse_catalog("w.csv", text, "csv", {"item_id": "sku", "product_name": "title"})
    assert parsed.report is not None and parsed.report.profile == "wide"
    assert parsed.report.option_values == sum(
        len(variant.options) for product in parsed.catalog.products for variant in product.variants
    )
    assert len(parsed.report.option_names) == 67


def test_a_second_column_for_the_same_field_says_which_one_is_read() -> None:
    text = "product_id,item_id,name,price,qty,sku\np,P1,Pack,9.00,1,OTHER\n"
    parsed = read_catalog("w.csv", text, "csv", ImportRules(column_map={"item_id": "sku"}))
    assert parsed.report is not None
    sku = next(use for use in parsed.report.columns if use.column == "sku")
    assert (sku.target, sku.note) == (None, "'item_id' already gives sku")
    assert parsed.catalog.products[0].variants[0].sku == "P1"


def test_option_patterns_and_exclusions_choose_the_option_columns() -> None:
    text = "product_id,item_id,name,price,qty,opt_size,opt_color,internal_note\n"
    text += "p,P1,Pack,10.00,1,M,Red,restock soon\n"
    rules = ImportRules(option_patterns=("opt_*",))
    parsed = read_catalog("wide.csv", text, "csv", rules)
    assert parsed.catalog.products[0].variants[0].options == {"opt_size": "M", "opt_color": "Red"}
    assert parsed.ignored_columns == ["internal_note"]
    excluded = read_catalog("wide.csv", text, "csv", ImportRules(exclude=("internal_*",)))
    note = next(use for use in excluded.report.columns if use.column == "internal_note")
    assert (note.target, note.note) == (None, "excluded by --exclude")


def test_prices_with_thousands_separators_or_the_stores_currency_are_read() -> None:
    text = 'product_id,item_id,name,price,qty\na,A1,A,"1,299.00",1\nb,B1,B,"12,50 EUR",1\n'
    parsed = read_catalog("wide.csv", text, "csv", ImportRules(currency="EUR"))
    assert [str(p.variants[0].price) for p in parsed.catalog.products] == ["1299.00", "12.50"]
    other = read_catalog("wide.csv", text, "csv", ImportRules(currency="USD"))
    assert [(p.line, p.column) for p in other.rejected] == [(3, "price")]


def test_a_wide_export_missing_fields_lists_them_all_at_once() -> None:
    text = "ref,label,cost,colour\nA,Alpha,1.00,Red\n"
    with pytest.raises(IngestFormatError) as caught:
        parse_catalog("wide.csv", text, "csv")
    messages = [error["message"] for error in caught.value.details["errors"]]
    assert len(messages) == 4
    assert all("--map YOUR_COLUMN=" in message for message in messages)
    text = "ref,label,cost,count,colour\nA,Alpha,1.00,3,Red\n"
    mapping = {"ref": "sku", "label": "title", "cost": "price", "count": "stock"}
    mapped = parse_catalog("wide.csv", text, "csv", mapping)
    variant = mapped.catalog.products[0].variants[0]
    assert (variant.sku, variant.stock, variant.options) == ("A", 3, {"colour": "Red"})


def test_the_projects_own_csv_is_read_as_before() -> None:
    text = "id,title,sku,price,stock,option.size,extra\nx,X,X1,1.00,2,M,zz\n"
    parsed = parse_catalog("c.csv", text, "csv")
    assert parsed.report is not None and parsed.report.profile == "native"
    assert parsed.catalog.products[0].variants[0].options == {"size": "M"}
    assert parsed.ignored_columns == ["extra"]


def test_a_profile_is_chosen_by_name() -> None:
    text = "id,title,sku,price,stock,flavour\nx,X,X1,1.00,2,Mint\n"
    parsed = read_catalog("c.csv", text, "csv", ImportRules(profile="wide"))
    assert parsed.catalog.products[0].variants[0].options == {"flavour": "Mint"}
    assert check_profile("shopify") == "shopify"
    with pytest.raises(InvalidInputError, match="choose one of"):
        check_profile("magento")
    with pytest.raises(InvalidInputError, match="reads CSV, TSV and XML"):
        read_catalog("c.json", "[]", "json", ImportRules(profile="shopify"))


def test_an_xml_feed_with_entities_is_refused() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x">]><rss><channel/></rss>'
    with pytest.raises(IngestFormatError, match="DOCTYPE"):
        read_catalog("feed.xml", text, "xml", ImportRules())
