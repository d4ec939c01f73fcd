"""Liveness and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from assistant import __version__
from assistant.api.deps import SettingsDep, get_database
from assistant.db import Database

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz")
def readyz(
    settings: SettingsDep, database: Annotated[Database, Depends(get_database)]
) -> JSONResponse:
    """Every dependency the service needs answers: 200 when all do, 503 otherwise."""
    checks: dict[str, Any] = {}
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # readiness reports failures instead of raising them
        checks["database"] = f"error: {type(exc).__name__}"
    checks["model_provider"] = settings.llm_provider
    ready = all(value == "ok" for key, value in checks.items() if key == "database")
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )
