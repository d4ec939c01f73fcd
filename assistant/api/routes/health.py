"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant import __version__
from assistant.api.deps import DatabaseDep, ProbesDep, SettingsDep
from assistant.api.readiness import check_database

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz", responses={503: {"description": "A dependency does not answer; see `checks`."}}
)
def readyz(
    settings: SettingsDep,
    database: DatabaseDep,
    checks_state: ProbesDep,
) -> JSONResponse:
    """Every dependency answers: the database, Chroma and the model provider. 200 when all
    do, 503 otherwise; `checks` says which failed."""
    checks = {
        "database": check_database(database),
        "chroma": checks_state.check_chroma(settings),
        "model_provider": checks_state.check_model_provider(settings),
    }
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )
