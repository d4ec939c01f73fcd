"""A catalog handed to a background job keeps the rules it was uploaded with."""

from retrieval.formats import ParseOptions
from retrieval.jobs import _file_row, _source_file
from retrieval.sources import SourceFile, content_hash


def test_a_kept_job_file_reads_back_with_its_import_rules() -> None:
    options = ParseOptions(
        column_map={"ref": "sku"},
        profile="wide",
        option_patterns=("opt_*",),
        exclude=("note",),
        in_stock_quantity=4,
    )
    file = SourceFile("export.csv", b"ref\n", "product", options)
    restored = _source_file(_file_row("job1", 0, file))
    assert restored.options.import_rules == options.import_rules
    assert content_hash(restored) == content_hash(file)


def test_rules_change_the_content_hash_so_a_reimport_applies_them() -> None:
    plain = SourceFile("export.csv", b"a,b\n", "product")
    ruled = SourceFile("export.csv", b"a,b\n", "product", ParseOptions(exclude=("b",)))
    assert content_hash(plain) != content_hash(ruled)
