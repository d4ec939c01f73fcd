"""Reading suite files: YAML with line numbers, checked against the format, fixtures resolved.

A file that does not match the format raises SuiteFormatError, whose message names the file,
the line, the scenario and what is wrong, e.g.

    evals/suites/smoke.yaml:23: scenario 'return-window', turns[0].expect[1]:
        unknown expectation 'reply_contain' (did you mean 'reply_contains'?)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from evals.errors import SuiteFormatError
from evals.expectations import EXPECTATION_KINDS
from evals.fixtures import DEMO_STORE, ResolvedStore, StoreFixture, file_sha256
from evals.schema import Suite
from evals.yaml_lines import LocatedDocument, Location, load_located_yaml

SUITE_SUFFIXES = (".yaml", ".yml")
_MAX_PROBLEMS = 10
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LoadedSuite:
    """A validated suite with where it came from: path, content hash, lines, resolved store."""

    path: Path
    sha256: str
    suite: Suite
    document: LocatedDocument
    store: ResolvedStore

    @property
    def name(self) -> str:
        """The suite's name."""
        return self.suite.name

    def line_of(self, *location: str | int) -> int | None:
        """The line of a part of the suite, e.g. ('scenarios', 2, 'turns', 0, 'expect', 1)."""
        return self.document.line_of(location)


def discover_suite_files(paths: Iterable[Path]) -> list[Path]:
    """The suite files named: files as given, folders searched recursively for *.yaml/*.yml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUITE_SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SuiteFormatError(f"{path}: no such file or folder", file=path)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise SuiteFormatError("no suite files found in the paths given", file=Path("."))
    return unique


def load_suites(paths: Sequence[Path]) -> list[LoadedSuite]:
    """Load every suite named by `paths`; two suites may not share a name."""
    suites = [load_suite(path) for path in discover_suite_files(paths)]
    by_name: dict[str, Path] = {}
    for loaded in suites:
        if loaded.name in by_name:
            raise SuiteFormatError(
                f"{loaded.path}:{loaded.line_of('name')}: suite name {loaded.name!r} is already "
                f"used by {by_name[loaded.name]}",
                file=loaded.path,
                line=loaded.line_of("name"),
            )
        by_name[loaded.name] = loaded.path
    return suites


def load_suite(path: Path) -> LoadedSuite:
    """Load and check one suite file, and the fixture file it names."""
    document = load_located_yaml(path)
    suite = validate_located(Suite, document, path)
    store = DEMO_STORE
    if not isinstance(suite.store, str):
        fixture_path = (path.parent / suite.store.fixture).resolve()
        if not fixture_path.is_file():
            line = document.line_of(("store", "fixture"))
            raise SuiteFormatError(
                f"{path}:{line}: store fixture {suite.store.fixture!r} not found "
                f"(looked for {fixture_path})",
                file=path,
                line=line,
            )
        fixture = validate_located(StoreFixture, load_located_yaml(fixture_path), fixture_path)
        store = ResolvedStore(
            kind="fixture",
            fixture_path=fixture_path,
            fixture=fixture,
            fixture_sha256=file_sha256(fixture_path),
        )
    return LoadedSuite(
        path=path, sha256=file_sha256(path), suite=suite, document=document, store=store
    )


def validate_located(model: type[ModelT], document: LocatedDocument, path: Path) -> ModelT:
    """Validate a parsed document, turning pydantic's errors into one located message."""
    if not isinstance(document.data, dict):
        raise SuiteFormatError(
            f"{path}:{document.line_of(())}: expected a mapping at the top of the file",
            file=path,
            line=document.line_of(()),
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        errors = _without_union_noise(exc.errors(), document)
        problems = [_describe(error, document, path) for error in errors]
        first = errors[0]
        line = document.line_of(first["loc"])
        scenario = _scenario_id(document, first["loc"])
        shown = [text for text, _ in problems[:_MAX_PROBLEMS]]
        more = len(problems) - len(shown)
        header = (
            shown[0]
            if len(shown) == 1
            else f"{path}: {len(problems)} problems:\n  " + ("\n  ".join(shown))
        )
        if more > 0:
            header += f"\n  ... and {more} more"
        raise SuiteFormatError(
            header, file=path, line=line, scenario=scenario, problems=[t for t, _ in problems]
        ) from None


_BRANCH_TYPE_ERRORS = {"string_type", "bool_type", "int_type", "literal_error", "model_type"}


def _without_union_noise(
    errors: list[ErrorDetails], document: LocatedDocument
) -> list[ErrorDetails]:
    """Drop "should be a string" for `str | {...}` fields when the mapping form has an error."""

    def is_branch_mismatch(error: ErrorDetails) -> bool:
        in_union = document.existing_prefix(error["loc"]) != tuple(error["loc"])
        return in_union and error["type"] in _BRANCH_TYPE_ERRORS

    kept = []
    for error in errors:
        if is_branch_mismatch(error):
            prefix = document.existing_prefix(error["loc"])
            others = [
                other
                for other in errors
                if other is not error
                and not is_branch_mismatch(other)
                and document.existing_prefix(other["loc"])[: len(prefix)] == prefix
            ]
            if others:
                continue
        kept.append(error)
    return kept or errors


def _describe(error: ErrorDetails, document: LocatedDocument, path: Path) -> tuple[str, int | None]:
    location = error["loc"]
    line = document.line_of(location)
    scenario = _scenario_id(document, location)
    where = _format_location(document.existing_prefix(location))
    parts = [f"{path}:{line}:"]
    if scenario is not None:
        parts.append(f"scenario {scenario!r},")
    if where:
        parts.append(f"{where}:")
    parts.append(_message(error, document.existing_prefix(location) != tuple(location)))
    return " ".join(parts), line


def _message(error: ErrorDetails, missing_part: bool) -> str:
    kind = error["type"]
    value: Any = error.get("input")
    if kind == "unknown_expectation":
        if isinstance(value, dict) and len(value) == 1:
            key = str(next(iter(value)))
            close = difflib.get_close_matches(key, EXPECTATION_KINDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return f"unknown expectation {key!r}{hint}; known: {', '.join(EXPECTATION_KINDS)}"
        if isinstance(value, dict):
            keys = ", ".join(map(str, value)) or "none"
            return f"an expectation has exactly one key; this one has: {keys}"
        return "an expectation is a mapping with one key, e.g. `- reply_contains: 30 days`"
    if kind == "extra_forbidden":
        return f"unknown key {str(error['loc'][-1])!r}"
    if kind == "missing" and missing_part:
        return f"missing required key {str(error['loc'][-1])!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def _scenario_id(document: LocatedDocument, location: Sequence[str | int]) -> str | None:
    if len(location) < 2 or location[0] != "scenarios" or not isinstance(location[1], int):
        return None
    scenarios = document.data.get("scenarios") if isinstance(document.data, dict) else None
    if not isinstance(scenarios, list) or location[1] >= len(scenarios):
        return None
    item = scenarios[location[1]]
    identifier = item.get("id") if isinstance(item, dict) else None
    return str(identifier) if identifier is not None else f"#{location[1] + 1}"


def _format_location(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
