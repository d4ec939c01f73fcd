"""Prompt templates live here as files; `load_prompt` is the one way to read them.

Each file starts with a `version:` line. The version is recorded on every message the prompt
produced, so a transcript says exactly which wording drove it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from assistant.errors import NotFoundError


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt: its name, declared version and body."""

    name: str
    version: str
    text: str

    def render(self, **values: str) -> str:
        """The body with `$name` placeholders filled; unknown placeholders are left as they are."""
        return Template(self.text).safe_substitute(values)


@cache
def load_prompt(name: str) -> Prompt:
    """Read `prompts/<name>.md`; its first line must be `version: <version>`."""
    resource = resources.files("prompts").joinpath(f"{name}.md")
    if not resource.is_file():
        raise NotFoundError(f"no prompt named {name!r}")
    head, _, body = resource.read_text(encoding="utf-8").partition("\n")
    key, _, version = head.partition(":")
    if key.strip() != "version" or not version.strip():
        raise ValueError(f"prompt {name!r} must start with a 'version: ...' line")
    return Prompt(name=name, version=f"{name}@{version.strip()}", text=body.lstrip("\n"))
