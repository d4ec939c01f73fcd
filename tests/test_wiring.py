"""Wiring stays in one place: tool dependencies come from one builder, services from the
app's typed container (nothing else is kept on, or read from, `app.state`)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["assistant", "tools", "retrieval", "evals", "benchmarks", "tests"]


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def calls_to(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == name)
            or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
        )
    ]


def test_tool_dependencies_are_built_only_by_tool_services() -> None:
    builders = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in python_files(*PACKAGES)
        for line in calls_to(path, "ToolDeps")
    }
    assert len(builders) == 1 and next(iter(builders)).startswith("tools/services.py:")


def stores_on_state(path: Path) -> list[int]:
    """Lines assigning an attribute of something named `state` (`app.state.x = ...`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute)
        and (
            (isinstance(target.value, ast.Name) and target.value.id == "state")
            or (isinstance(target.value, ast.Attribute) and target.value.attr == "state")
        )
    ]


def test_route_modules_build_no_services_of_their_own() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in python_files("assistant/api")
        for line in stores_on_state(path)
        if path.name not in {"app.py"} and path.parent.name != "middleware"
    ]
    assert not offenders


def app_state_uses(path: Path) -> list[tuple[int, str]]:
    """(line, attribute) of every `<app>.state.<attribute>` read or written in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "state"
        and (
            (isinstance(node.value.value, ast.Name) and node.value.value.id == "app")
            or (isinstance(node.value.value, ast.Attribute) and node.value.value.attr == "app")
        )
    ]


def test_app_state_holds_only_the_typed_container() -> None:
    uses = {
        f"{path.relative_to(ROOT)}:{attribute}"
        for path in python_files(*PACKAGES)
        if path.name != "test_wiring.py"
        for _, attribute in app_state_uses(path)
    }
    # create_app stores the container; `services_of` is the one typed way to read it.
    assert uses == {"assistant/api/app.py:services", "assistant/api/deps.py:services"}


def test_the_scanner_sees_reads_and_writes_of_app_state(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("app.state.metrics = 1\nrequest.app.state.store_origins.invalidate()\n")
    assert app_state_uses(sample) == [(1, "metrics"), (2, "store_origins")]
