"""A store fixture's documents marked `doc_type: auto` are typed by content, as uploads are."""

from pathlib import Path

from evals.agent_driver import fixture_file
from evals.fixtures import FixtureDocument

RETURNS = Path(__file__).resolve().parents[2] / "assistant" / "demo_store" / "policies"


def test_an_auto_document_is_typed_by_its_content() -> None:
    text = (RETURNS / "returns.md").read_text(encoding="utf-8")
    file = fixture_file(
        FixtureDocument(source="pages/notes", title="Notes", doc_type="auto", text=text)
    )
    assert (file.doc_type, file.name_for_format) == ("policy", "pages/notes.md")
    assert file.doc_type_reason is not None and "by content" in file.doc_type_reason


def test_a_typed_document_keeps_its_type() -> None:
    file = fixture_file(FixtureDocument(source="pages/notes.md", title="Notes", text="Hello."))
    assert (file.doc_type, file.doc_type_reason) == ("policy", None)
