"""FastAPI dependencies: the app's services (`AppServices`), each as an `Annotated` type, and
merchant authentication.

Every route takes what it needs from here (`AgentDep`, `KnowledgeDep`, `DatabaseDep`, ...);
nothing is built inside a route module. Tests override any of them with
`app.dependency_overrides[get_agent] = ...`, or pass objects to `create_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

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
from retrieval.site_sync.worker import SiteSyncWorker
from tools.services import ToolServices

T = TypeVar("T")

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


def service(read: Callable[[AppServices], T]) -> Callable[[AppServices], T]:
    """A dependency serving one part of the app's container (a key for `dependency_overrides`)."""

    def dependency(services: ServicesDep) -> T:
        return read(services)

    return dependency


get_settings_dep = service(lambda services: services.settings)
get_database = service(lambda services: services.database)
# What every tool call shares: ranker, payment provider, clock.
get_tool_services = service(lambda services: services.tools)
# The knowledge base and the agent are built on the first request that needs them.
get_knowledge = service(lambda services: services.knowledge)
get_agent = service(lambda services: services.agent)
get_ingest_jobs = service(lambda services: services.ingest_jobs)
get_site_sync = service(lambda services: services.site_sync)
get_live_bus = service(lambda services: services.live_bus)  # started by the app's lifespan
get_probes = service(lambda services: services.probes)
get_metrics = service(lambda services: services.metrics)
# Each store's allowed origins, cached; the CORS middleware reads the same cache.
get_store_origins = service(lambda services: services.store_origins)

SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ToolServicesDep = Annotated[ToolServices, Depends(get_tool_services)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
AgentDep = Annotated[TurnRunner, Depends(get_agent)]
JobsDep = Annotated[IngestJobs, Depends(get_ingest_jobs)]
LiveBusDep = Annotated[LiveBus, Depends(get_live_bus)]
ProbesDep = Annotated[Probes, Depends(get_probes)]
SiteSyncDep = Annotated[SiteSyncWorker, Depends(get_site_sync)]
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
