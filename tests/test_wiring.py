"""Wiring stays in one place: tool dependencies come from one builder, services from the
app's container (routes build and cache nothing on `app.state`)."""

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
