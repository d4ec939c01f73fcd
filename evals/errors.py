"""The harness's errors: specialisations of the project's error hierarchy."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InvalidInputError


class SuiteFormatError(InvalidInputError, code="suite_format_error"):
    """A suite, fixture or price file that does not match its format; names file, line, scenario."""

    def __init__(
        self,
        message: str,
        *,
        file: Path,
        line: int | None = None,
        scenario: str | None = None,
        problems: list[str] | None = None,
    ) -> None:
        details: dict[str, object] = {"file": str(file), "line": line, "scenario": scenario}
        if problems:
            details["problems"] = problems
        super().__init__(message, details=details)
        self.file = file
        self.line = line
        self.scenario = scenario
