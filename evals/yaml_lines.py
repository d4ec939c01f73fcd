"""YAML that remembers where things were: every mapping key and list item maps to its line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evals.errors import SuiteFormatError

Location = tuple[str | int, ...]
# libyaml's loader when the platform has it (several times faster), else the pure-Python one.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LocatedDocument:
    """A parsed YAML document and the line (1-based) of each key and list item in it."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Sequence[str | int]) -> int | None:
        """The line of the deepest part of `location` that exists in the document."""
        best: int | None = self.lines.get(())
        prefix: Location = ()
        for part in location:
            candidate = (*prefix, part)
            if candidate not in self.lines:
                continue  # pydantic inserts union member names; skip what the file lacks
            prefix = candidate
            best = self.lines[prefix]
        return best

    def existing_prefix(self, location: Sequence[str | int]) -> Location:
        """The parts of `location` that name real keys and items of the document."""
        prefix: Location = ()
        for part in location:
            if (*prefix, part) in self.lines:
                prefix = (*prefix, part)
        return prefix


def load_located_yaml(path: Path) -> LocatedDocument:
    """Parse one YAML document from `path`; syntax errors and repeated keys name file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteFormatError(f"{path}: cannot read: {exc}", file=path) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise SuiteFormatError(
            f"{path}:{line}: invalid YAML: {problem}", file=path, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise SuiteFormatError(f"{path}: invalid YAML: {exc}", file=path) from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _record(node, (), lines, path)
    return LocatedDocument(data=data, lines=lines)


def _record(node: yaml.Node, location: Location, lines: dict[Location, int], path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*location, key)
            line = key_node.start_mark.line + 1
            if child in lines:
                raise SuiteFormatError(
                    f"{path}:{line}: key {key!r} appears twice in the same mapping",
                    file=path,
                    line=line,
                )
            lines[child] = line
            _record(value_node, child, lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*location, index)
            lines[child] = item.start_mark.line + 1
            _record(item, child, lines, path)
