"""`text/` is the one place that detects a language, stems English or segments Chinese.

Everything else imports it: no module outside `text/` imports jieba, defines its own detector,
stemmer or segmenter, or spells out a CJK character range. And `text/` imports nothing of the
layers above it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("assistant", "retrieval", "tools", "evals", "benchmarks", "prompts")
# Names of functions that would do text's job again.
OWN_NAMES = re.compile(r"^_?(detect_language|segment\w*|stem|stems|tokeni[sz]e|has_cjk|is_cjk)$")
# A CJK ideograph range in a regular expression, written as escapes or as the characters.
CJK_RANGE = re.compile(r"\\u[34][0-9a-f]{3}-\\u[49][0-9a-f]{3}|[\u3400-\u4e00]-[\u4e00-\u9fff]")


def sources() -> list[Path]:
    return sorted(path for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*.py"))


def web_scripts() -> list[Path]:
    return sorted((ROOT / "assistant").rglob("*.js"))


def imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(path: Path) -> set[str]:
    """The rules one source file breaks."""
    source = path.read_text(encoding="utf-8")
    found = set()
    if path.suffix == ".py":
        tree = ast.parse(source)
        if any(module.split(".")[0] == "jieba" for module in imports(tree)):
            found.add("imports jieba")
        for node in ast.walk(tree):
            is_definition = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_definition and OWN_NAMES.match(node.name):
                found.add(f"defines {node.name}")
    if CJK_RANGE.search(source):
        found.add("cjk range")
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_outside_text_detects_stems_or_segments_on_its_own() -> None:
    offenders = {
        f"{relative(path)}: {rule}"
        for path in sources() + web_scripts()
        for rule in violations(path)
    }
    assert not offenders


def test_the_rules_catch_a_detector_a_stemmer_and_a_range(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "import jieba\n"
        "import re\n"
        "HAN = re.compile(r'[\\u4e00-\\u9fff]')\n"
        "def detect_language(text): ...\n"
        "def stem(word): ...\n"
        "def segment_cjk(run): ...\n",
        encoding="utf-8",
    )
    assert violations(module) == {
        "imports jieba",
        "cjk range",
        "defines detect_language",
        "defines stem",
        "defines segment_cjk",
    }


def test_text_imports_no_layer_above_it() -> None:
    offenders = {
        f"{relative(path)}: {module}"
        for path in sorted((ROOT / "text").rglob("*.py"))
        for module in imports(ast.parse(path.read_text(encoding="utf-8")))
        if module.split(".")[0] in {"assistant", "retrieval", "tools", "evals", "benchmarks"}
    }
    assert not offenders
