"""FastAPI dependencies: the app's services (`AppServices`), each as an `Annotated` type, and
merchant authentication.

Every route takes what it needs from here (`AgentDep`, `KnowledgeDep`, `DatabaseDep`, ...);
nothing is built inside a route module. Tests override any of them with
`app.dependency_overrides[get_agent] = ...`, or pass objects to `create_app`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.applications import Starlette
from starlette.types import ASGIApp

from assistant.api.metrics import Metrics
from assistant.api.middleware.cors import StoreOrigins
from assistant.api.readiness import Probes
from assistant.api.services import AppServices, TurnRunner
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import ApiKey
from assistant.errors import AuthenticationError, NotFoundError
from assistant.live import LiveBus
from assistant.security import Scope
from assistant.stores import authenticate_api_key
from retrieval.jobs import IngestJobs
from retrieval.knowledge import KnowledgeBase
from tools.services import ToolServices

_bearer = HTTPBearer(auto_error=False, description="A merchant API key.")


def services_of(app: ASGIApp) -> AppServices:
    """The container `create_app` built for `app` (the one place that reads `app.state`)."""
    services = app.state.services if isinstance(app, Starlette) else None
    if not isinstance(services, AppServices):
        raise TypeError("not an app made by create_app")
    return services


def get_services(request: Request) -> AppServices:
    """The container of the app serving this request."""
    return services_of(request.app)


ServicesDep = Annotated[AppServices, Depends(get_services)]


def get_settings_dep(services: ServicesDep) -> Settings:
    """The Settings the app was built with."""
    return services.settings


def get_database(services: ServicesDep) -> Database:
    """The process's Database."""
    return services.database


def get_tool_services(services: ServicesDep) -> ToolServices:
    """What every tool call shares: ranker, payment provider, clock."""
    return services.tools


def get_knowledge(services: ServicesDep) -> KnowledgeBase:
    """The knowledge base (its models load on the first request that needs it)."""
    return services.knowledge


def get_agent(services: ServicesDep) -> TurnRunner:
    """The chat agent (built on the first chat message)."""
    return services.agent


def get_ingest_jobs(services: ServicesDep) -> IngestJobs:
    """The background ingestion worker."""
    return services.ingest_jobs


def get_live_bus(services: ServicesDep) -> LiveBus:
    """The live bus (started by the app's lifespan)."""
    return services.live_bus


def get_probes(services: ServicesDep) -> Probes:
    """The readiness probes' state."""
    return services.probes


def get_metrics(services: ServicesDep) -> Metrics:
    """The app's Prometheus metrics."""
    return services.metrics


def get_store_origins(services: ServicesDep) -> StoreOrigins:
    """Each store's allowed origins, cached (the CORS middleware reads the same cache)."""
    return services.store_origins


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ToolServicesDep = Annotated[ToolServices, Depends(get_tool_services)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
AgentDep = Annotated[TurnRunner, Depends(get_agent)]
JobsDep = Annotated[IngestJobs, Depends(get_ingest_jobs)]
LiveBusDep = Annotated[LiveBus, Depends(get_live_bus)]
ProbesDep = Annotated[Probes, Depends(get_probes)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
StoreOriginsDep = Annotated[StoreOrigins, Depends(get_store_origins)]


def merchant_key(
    store_id: str,
    database: Database,
    credentials: HTTPAuthorizationCredentials | None,
    scope: Scope,
) -> ApiKey:
    """Authenticate in a short transaction of its own, so ingestion never waits on it."""
    if credentials is None:
        raise AuthenticationError("send the API key as 'Authorization: Bearer <key>'")
    with database.transaction() as session:
        key = authenticate_api_key(session, credentials.credentials, needs=scope)
    if key.store_id != store_id:
        raise NotFoundError(f"no store {store_id!r}")
    return key


def admin_of_store(
    store_id: str,
    database: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    """An admin key of the path's store (another store's key sees a 404)."""
    return merchant_key(store_id, database, credentials, "admin")


def agent_of_store(
    store_id: str,
    database: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    """An agent (or admin) key of the path's store."""
    return merchant_key(store_id, database, credentials, "agent")


AdminOfStore = Annotated[ApiKey, Depends(admin_of_store)]
AgentOfStore = Annotated[ApiKey, Depends(agent_of_store)]
