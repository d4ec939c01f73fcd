"""FastAPI dependencies: settings, database sessions and merchant authentication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import ApiKey
from assistant.errors import AuthenticationError
from assistant.security import Scope
from assistant.stores import authenticate_api_key

_bearer = HTTPBearer(auto_error=False)


def get_settings_dep(request: Request) -> Settings:
    """The Settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    """The process's Database."""
    database: Database = request.app.state.database
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A session for one request, committed when the handler returns without error."""
    with database.transaction() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def require_key(scope: Scope) -> object:
    """A dependency that authenticates a merchant key having `scope` (admin implies agent)."""

    def dependency(
        session: SessionDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiKey:
        if credentials is None:
            raise AuthenticationError("send the API key as 'Authorization: Bearer <key>'")
        return authenticate_api_key(session, credentials.credentials, needs=scope)

    return Depends(dependency)


AdminKey = Annotated[ApiKey, require_key("admin")]
AgentKey = Annotated[ApiKey, require_key("agent")]
