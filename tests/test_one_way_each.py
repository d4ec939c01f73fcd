"""One way to do each thing: tools are defined only through `tools.definition`, prompt files
are read only by `prompts.load_prompt`, and the console's handoff labels come from the API
(`assistant.domain.handoff_reasons`), never from a table copied into a page script."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

from assistant.domain.handoff_reasons import HandoffReason

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("assistant", "tools", "retrieval", "evals", "benchmarks", "prompts", "text")
TOOL_DEFINITION = "tools/definition.py"
PROMPT_LOADER = "prompts/__init__.py"
# What builds a LangChain tool by itself, bypassing the signature-and-docstring schema.
TOOL_BUILDERS = {"StructuredTool", "Tool", "tool"}


def sources() -> list[Path]:
    return sorted(path for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def tool_builders(tree: ast.AST) -> set[str]:
    """LangChain tool builders the module imports, and the classes it derives from BaseTool."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("langchain"):
            found.update(f"imports {a.name}" for a in node.names if a.name in TOOL_BUILDERS)
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if name == "BaseTool":
                    found.add(f"subclasses BaseTool ({node.name})")
    return found


def prompt_reads(tree: ast.AST) -> set[str]:
    """Places that name the `prompts` folder as a path or package resource."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            operands = [*node.args, *(keyword.value for keyword in node.keywords)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            operands = [node.left, node.right]
        else:
            continue
        for operand in operands:
            if isinstance(operand, ast.Constant) and operand.value == "prompts":
                found.add(f"reads the prompts folder (line {node.lineno})")
    return found


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"))


def offenders(rules: Callable[[ast.AST], set[str]], allowed: str) -> set[str]:
    """`path: rule` for every source file but `allowed` that breaks one of `rules`."""
    return {
        f"{relative(path)}: {rule}"
        for path in sources()
        if relative(path) != allowed
        for rule in rules(parsed(path))
    }


def test_tools_are_defined_only_through_the_one_definition_module() -> None:
    assert not offenders(tool_builders, TOOL_DEFINITION)


def test_prompt_files_are_read_only_by_the_one_loader() -> None:
    assert not offenders(prompt_reads, PROMPT_LOADER)


def label_table_entries(script: str) -> set[str]:
    """Handoff reasons the script maps to a text of its own (`low_confidence: "Bot unsure"`)."""
    return {
        reason.value
        for reason in HandoffReason
        if re.search(rf"""["']?\b{reason.value}\b["']?\s*:\s*["']""", script)
    }


def test_no_page_script_carries_its_own_handoff_labels() -> None:
    scripts = sorted((ROOT / "assistant" / "web").glob("*.js"))
    offenders = {
        f"{relative(script)}: {reason}"
        for script in scripts
        for reason in label_table_entries(script.read_text(encoding="utf-8"))
    }
    assert scripts and not offenders


def test_a_copied_label_table_is_caught() -> None:
    script = 'var LABELS = { low_confidence: "Bot unsure", "complaint": "Complaint" };'
    assert label_table_entries(script) == {"low_confidence", "complaint"}


def test_the_rules_catch_a_second_tool_style_and_a_second_loader(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "from importlib import resources\n"
        "from pathlib import Path\n"
        "from langchain_core.tools import BaseTool, tool\n"
        "class Lookup(BaseTool): ...\n"
        "TEXT = resources.files('prompts').joinpath('system.md').read_text()\n"
        "OTHER = (Path(__file__).parent / 'prompts' / 'judge.md').read_text()\n",
        encoding="utf-8",
    )
    tree = parsed(module)
    assert tool_builders(tree) == {"imports tool", "subclasses BaseTool (Lookup)"}
    assert prompt_reads(tree) == {
        "reads the prompts folder (line 5)",
        "reads the prompts folder (line 6)",
    }
