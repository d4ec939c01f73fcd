"""Runs a set of guide-opener language cases (`evals/blind/guide/*.yaml`) on the demo store
through the HTTP API (in-process): a session with the case's browser language, the shopper's
earlier messages through the chat API, then three views of the product through the events API.
Each opener is scored on three checks: in the expected language; the product's price as the
tools give it is in the text; no sentence in the other language (an English FAQ question
quoted in a Chinese opener, or Chinese in an English one).

    python -m evals.guide_openers evals/blind/guide [--perturb all] [--out FILE]

`--perturb all` runs every case again with each perturbation of `evals.perturb` that applies
to the language of the shopper's messages (cases without messages run once).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from evals.perturb import perturb, perturbations_for
from retrieval.knowledge import KnowledgeBase
from text.cjk import has_cjk
from text.language import detect_language
from tools.pricing import get_price
from tools.results import ToolError

BASE = f"/v1/stores/{DEMO_STORE_ID}"
# An English sentence: three or more Latin words in a row (a product name is allowed: it is
# removed from the text first).
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,]+[A-Za-z][A-Za-z'’-]*){2,}")


def load_cases(folder: Path) -> list[dict[str, Any]]:
    """Every case of every YAML file in `folder`, with the file's name."""
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "file": path.name})
    return cases


def _score(
    case: dict[str, Any], opener: dict[str, Any] | None, price: str, title: str
) -> dict[str, Any]:
    if opener is None:
        return {"opener": False, "language": False, "price": False, "one_language": False}
    text = opener["text"]
    rest = text.replace(title, " ")
    if case["expect"] == "zh":
        one_language = _LATIN_RUN.search(rest) is None
        language = opener["language"] == "zh" and has_cjk(text)
    else:
        one_language = not has_cjk(text)
        language = opener["language"] == "en" and detect_language(text) == "en"
    return {
        "opener": True,
        "language": language,
        "price": price in text,
        "one_language": one_language,
        "text": text,
    }


def run(folder: Path, perturbation: str | None) -> dict[str, Any]:
    """Play every case (perturbed when asked); the per-case results and the totals."""
    cases = load_cases(folder)
    with tempfile.TemporaryDirectory(prefix="guide-openers-") as tmp:
        settings = Settings(
            data_dir=Path(tmp), rate_limit_client_per_minute=100_000, _env_file=None
        )
        migrate(settings.resolved_database_url)
        database = Database(settings)
        with database.transaction() as session:
            load_demo_tables(session)
        knowledge = KnowledgeBase(settings, database)
        load_demo_documents(knowledge)
        app = create_app(settings, database, knowledge=knowledge)
        tools = services_of(app).tools
        results = []
        with TestClient(app) as client:
            for case in cases:
                variants: list[str | None] = [None]
                if perturbation == "all" and case["said"]:
                    language = detect_language(" ".join(case["said"]))
                    variants = [None, *perturbations_for(language)]
                for variant in variants:
                    results.append(_play(client, tools, case, variant))
        database.dispose()
    checks = ("opener", "language", "price", "one_language")
    totals = {check: sum(1 for r in results if r[check]) for check in checks}
    passed = sum(1 for r in results if all(r[check] for check in checks))
    return {"runs": len(results), "passed": passed, "checks": totals, "results": results}


def _play(
    client: TestClient, tools: Any, case: dict[str, Any], variant: str | None
) -> dict[str, Any]:
    body = {"locale": case["locale"]} if case["locale"] else {}
    session = client.post(f"{BASE}/sessions", json=body).json()
    headers = {"Authorization": f"Bearer {session['token']}"}
    for index, message in enumerate(case["said"]):
        text = perturb(message, variant, seed=index) if variant else message
        client.post(f"{BASE}/chat/messages", json={"message": text}, headers=headers)
    deps = tools.for_shopper(DEMO_STORE_ID, session["session_id"])
    quote = get_price(deps, case["sku"])
    price = "" if isinstance(quote, ToolError) else quote.line_total.display
    title = "" if isinstance(quote, ToolError) else quote.title
    event = {"kind": "product.viewed", "product": case["sku"], "sku": case["sku"]}
    opener = None
    for _ in range(3):
        answer = client.post(
            f"{BASE}/events", json={"page": "product", "events": [event]}, headers=headers
        ).json()
        opener = answer.get("opener") or opener
    return {
        "id": case["id"],
        "file": case["file"],
        "perturbation": variant,
        **_score(case, opener, price, title),
    }


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--perturb", choices=["all"], default=None)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = run(args.folder, args.perturb)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
