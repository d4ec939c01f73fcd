"""Liveness and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from assistant import __version__
from assistant.api.deps import SettingsDep, get_database
from assistant.api.readiness import Probes, check_database
from assistant.db import Database

router = APIRouter(tags=["operations"])


def probes(request: Request) -> Probes:
    """The app's readiness probes (created on the first probe)."""
    state = request.app.state
    found: Probes | None = getattr(state, "readiness_probes", None)
    if found is None:
        found = state.readiness_probes = Probes()
    return found


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz", responses={503: {"description": "A dependency does not answer; see `checks`."}}
)
def readyz(
    settings: SettingsDep,
    database: Annotated[Database, Depends(get_database)],
    checks_state: Annotated[Probes, Depends(probes)],
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
