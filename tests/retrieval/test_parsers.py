import io

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.errors import IngestFormatError, UnsupportedMediaTypeError
from retrieval.formats import ParseOptions, guess_doc_type, parse_document
from retrieval.parsers.catalog import parse_catalog
from retrieval.parsers.faq import parse_faq_csv, parse_faq_json, parse_faq_markdown
from retrieval.parsers.html import parse_html
from retrieval.parsers.markdown import parse_markdown
from retrieval.parsers.pdf import parse_pdf


def make_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text is `lines`, built by hand (no PDF library writes text)."""
    commands = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {commands} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypt(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Markdown, HTML, PDF ---------------------------------------------------------------------


def test_markdown_splits_at_second_level_headings_under_the_title() -> None:
    text = (
        "# Returns\n\nIntro line.\n\n## Return window\n\n30 days.\n\n"
        "### Detail\n\nMore.\n\n## Refunds\n\nFast."
    )
    title, sections = parse_markdown("returns.md", text)
    assert title == "Returns"
    assert [s.heading for s in sections] == [None, "Return window", "Refunds"]
    assert "Detail" in sections[1].body and "30 days." in sections[1].body


def test_markdown_without_a_title_is_named_after_the_file() -> None:
    title, _sections = parse_markdown("policies/size-guide.md", "## Boots\n\nHalf a size up.")
    assert title == "Size guide"


def test_html_keeps_visible_text_and_drops_scripts_and_styles() -> None:
    html = (
        "<html><head><title>Shipping</title><style>p{color:red}</style></head><body>"
        "<script>steal()</script><h1>Shipping policy</h1><h2>Costs</h2><p>Standard is $5.</p>"
        "<noscript>enable js</noscript></body></html>"
    )
    title, sections = parse_html("shipping.html", html)
    text = " ".join(section.body for section in sections)
    assert title == "Shipping policy"
    assert sections[0].heading == "Costs"
    assert "Standard is $5." in text
    assert "steal" not in text and "color" not in text and "enable js" not in text


def test_html_text_starting_with_a_hash_is_not_a_heading() -> None:
    _title, sections = parse_html("a.html", "<h2>Real</h2><p># not a heading</p>")
    assert [s.heading for s in sections] == ["Real"]


def test_pdf_text_is_read_page_by_page() -> None:
    title, sections = parse_pdf(
        "warranty.pdf", make_pdf("Warranty lasts two years.", "Keep receipts.")
    )
    assert title == "Warranty"
    assert sections[0].heading == "Page 1"
    assert "Warranty lasts two years." in sections[0].body


def test_an_encrypted_pdf_is_refused_clearly() -> None:
    with pytest.raises(IngestFormatError, match="encrypted") as caught:
        parse_pdf("secret.pdf", encrypt(make_pdf("hidden")))
    assert caught.value.details["reason"] == "encrypted"


def test_a_corrupt_pdf_is_refused_clearly() -> None:
    with pytest.raises(IngestFormatError, match="not a readable PDF"):
        parse_pdf("broken.pdf", b"%PDF-1.4\nthis is not really a pdf")


# --- FAQ -------------------------------------------------------------------------------------


def test_faq_csv_maps_merchant_column_names() -> None:
    text = "Frage,Antwort\nDo you ship to Canada?,Yes for $19.95.\n"
    pairs, _rejected = parse_faq_csv("faq.csv", text, {"Frage": "question", "Antwort": "answer"})
    assert pairs[0].question == "Do you ship to Canada?"
    assert pairs[0].answer == "Yes for $19.95."


def test_faq_json_row_without_an_answer_names_its_line() -> None:
    text = '[\n {"question": "A?", "answer": "a"},\n {"question": "B?"}\n]'
    with pytest.raises(IngestFormatError) as caught:
        parse_faq_json("faq.json", text, {})
    assert caught.value.details["line"] == 3
    assert caught.value.details["column"] == "answer"


def test_faq_markdown_takes_question_headings_and_their_answers() -> None:
    text = (
        "# FAQ\n\n## Shipping\n\n### How much is shipping?\n\n$5.95.\n\n"
        "### Do you ship abroad?\n\nCanada only."
    )
    title, pairs = parse_faq_markdown("faq.md", text)
    assert title == "FAQ"
    assert [(p.question, p.answer, p.topic) for p in pairs] == [
        ("How much is shipping?", "$5.95.", "Shipping"),
        ("Do you ship abroad?", "Canada only.", "Shipping"),
    ]


# --- Catalog ---------------------------------------------------------------------------------

SHOPIFY_CSV = (
    "Handle,Title,Variant SKU,Variant Price,Qty,Option1 Value,attr.waterproof\n"
    "tent-a,Tent A,TA-1,199.00,4,Green,true\n"
    "tent-a,,TA-2,199.00,0,Orange,\n"
    "boot-b,Boot B,BB-42,-5,3,42,false\n"
)
SHOPIFY_MAP = {
    "Variant SKU": "sku",
    "Variant Price": "price",
    "Qty": "stock",
    "Option1 Value": "option.color",
}


def test_a_csv_export_with_other_column_names_loads_through_a_mapping() -> None:
    text = SHOPIFY_CSV.replace("-5", "59.00")
    parsed = parse_catalog("export.csv", text, "csv", SHOPIFY_MAP)
    tent = parsed.catalog.products[0]
    assert tent.id == "tent-a" and tent.title == "Tent A"
    assert [v.options for v in tent.variants] == [{"color": "Green"}, {"color": "Orange"}]
    assert tent.attributes == {"waterproof": True}


def test_a_bad_csv_row_names_file_line_and_the_merchants_column() -> None:
    with pytest.raises(IngestFormatError) as caught:
        parse_catalog("export.csv", SHOPIFY_CSV, "csv", SHOPIFY_MAP)
    assert caught.value.details["file"] == "export.csv"
    assert caught.value.details["line"] == 4
    assert caught.value.details["column"] == "Variant Price"
    assert "export.csv, line 4, column 4 ('Variant Price')" in caught.value.message


def test_skip_invalid_keeps_good_products_and_reports_bad_rows() -> None:
    parsed = parse_catalog("export.csv", SHOPIFY_CSV, "csv", SHOPIFY_MAP, skip_invalid=True)
    assert [p.id for p in parsed.catalog.products] == ["tent-a"]
    assert [(r.line, r.column) for r in parsed.rejected] == [(4, "Variant Price")]


def test_a_csv_without_a_required_column_says_which() -> None:
    with pytest.raises(IngestFormatError, match="'price'"):
        parse_catalog("c.csv", "id,title,sku,stock\na,A,A1,1\n", "csv")


def test_a_json_catalog_error_names_line_and_column_of_the_value() -> None:
    text = (
        '{"products": [\n'
        '  {"id": "a", "title": "A", "variants": [{"sku": "A1", "price": "1.00", "stock": 1}]},\n'
        '  {"id": "b", "title": "B", "variants": [{"sku": "B1", "price": "1.00", "stock": -2}]}\n'
        "]}"
    )
    with pytest.raises(IngestFormatError) as caught:
        parse_catalog("catalog.json", text, "json")
    error = caught.value.details["errors"][0]
    assert (error["line"], error["column"]) == (3, "stock")
    assert error["column_number"] == text.splitlines()[2].index("-2") + 1


def test_invalid_json_reports_the_syntax_error_position() -> None:
    with pytest.raises(IngestFormatError, match="line 2, column"):
        parse_catalog("catalog.json", '{"products": [\n  {"id": }\n]}', "json")


def test_json_lines_accepts_nested_and_flat_products() -> None:
    text = (
        '{"id": "a", "title": "A", "variants": [{"sku": "A1", "price": "1.00", "stock": 1}]}\n'
        '{"id": "b", "title": "B", "sku": "B1", "price": "2.50", "stock": 3, "option.size": "M"}\n'
    )
    parsed = parse_catalog("catalog.jsonl", text, "jsonl")
    assert [p.id for p in parsed.catalog.products] == ["a", "b"]
    assert parsed.catalog.products[1].variants[0].options == {"size": "M"}


def test_json_lines_error_names_the_line() -> None:
    text = (
        '{"id": "a", "title": "A", "sku": "A1", "price": "1", "stock": 1}\n'
        '{"id": "b", "sku": "B1", "price": "x", "stock": 1}\n'
    )
    with pytest.raises(IngestFormatError) as caught:
        parse_catalog("catalog.jsonl", text, "jsonl")
    assert caught.value.details["line"] == 2


def test_a_sku_in_two_products_is_rejected_at_its_row() -> None:
    text = "id,title,sku,price,stock\na,A,SAME,1,1\nb,B,SAME,1,1\n"
    with pytest.raises(IngestFormatError) as caught:
        parse_catalog("c.csv", text, "csv")
    assert caught.value.details["line"] == 3


# --- Dispatch --------------------------------------------------------------------------------


def test_unsupported_file_types_are_refused_as_such() -> None:
    with pytest.raises(UnsupportedMediaTypeError):
        parse_document("manual.docx", b"PK", "other")


def test_a_catalog_must_be_a_table_or_json() -> None:
    with pytest.raises(UnsupportedMediaTypeError):
        parse_document("catalog.md", b"# no", "product")


def test_non_utf8_text_is_a_located_format_error() -> None:
    with pytest.raises(IngestFormatError, match="line 2"):
        parse_document("notes.txt", b"fine\n\xff\xfe broken", "other")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("faq.json", "faq"),
        ("catalog.csv", "product"),
        ("policies/returns.md", "policy"),
        ("guides/care.html", "other"),
    ],
)
def test_document_types_are_guessed_from_paths(name: str, expected: str) -> None:
    assert guess_doc_type(name) == expected


def test_parse_options_change_how_a_catalog_is_read() -> None:
    text = b"Handle,Name,SKU,Cost,Qty\nx,X,X1,1.00,2\n"
    options = ParseOptions(column_map={"Cost": "price", "Qty": "stock"})
    parsed = parse_document("export.csv", text, "product", options)
    assert parsed.catalog is not None and parsed.catalog.products[0].variants[0].stock == 2
