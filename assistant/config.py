"""The one Settings object: every knob, read from `SALES_ASSISTANT_*` variables or a `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import ConfigurationError

ENV_PREFIX = "SALES_ASSISTANT_"
_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "development-only-secret"}

PositiveInt = Annotated[int, Field(ge=1)]
PositiveFloat = Annotated[float, Field(gt=0)]
ProductRankerName = Literal["lexical", "semantic", "lexical_then_semantic"]


class Settings(BaseSettings):
    """Configuration for every process of the service; see the README for the table."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str | None = None
    chroma_path: Path | None = None
    chroma_url: str | None = None
    live_backend: Literal["auto", "memory", "postgres", "redis"] = "auto"
    redis_url: str | None = None

    llm_provider: Literal["offline", "openai"] = "offline"
    llm_model: str = "gpt-4o-mini"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: Annotated[float, Field(ge=0, le=2)] = 0.2
    llm_timeout_s: PositiveFloat = 30.0
    llm_max_retries: Annotated[int, Field(ge=0, le=10)] = 2

    embedding_provider: Literal["local", "openai"] = "local"
    embedding_model: str = "minilm+use-multilingual"
    embedding_batch_size: PositiveInt = 64
    # How search_products finds free-text matches: BM25 over product fields ("lexical"), the
    # hybrid index's product passages ("semantic", any language), or lexical with the index
    # deciding only when no product shares a word with the query ("lexical_then_semantic").
    # A store whose catalog is not indexed is always ranked lexically. `bench products` and
    # the evals compare them.
    product_ranker: ProductRankerName = "lexical_then_semantic"

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: PositiveInt = 1
    allow_unsafe_multiprocess: bool = False
    server_keep_alive_s: Annotated[int, Field(ge=1, le=3_600)] = 5
    server_header_timeout_s: Annotated[float, Field(gt=0, le=3_600)] = 10.0
    server_max_header_bytes: Annotated[int, Field(ge=1_024, le=1024 * 1024)] = 64 * 1024
    server_max_concurrency: PositiveInt = 1_000
    public_base_url: str = "http://127.0.0.1:8000"
    checkout_url_template: str = "{base_url}/checkout/{token}"
    secret_key: SecretStr = SecretStr("development-only-secret")
    session_ttl_s: PositiveInt = 86_400
    # How long after its token expired a session may still be taken over by a new session of
    # the same browser (which presents the expired token), so a reminder finds its way back.
    session_renewal_window_s: PositiveInt = 30 * 86_400
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    max_message_chars: PositiveInt = 2_000
    max_upload_bytes: PositiveInt = 20 * 1024 * 1024
    ingest_background_bytes: PositiveInt = 1024 * 1024
    ingest_lease_s: Annotated[float, Field(ge=1, le=3_600)] = 60.0
    max_line_quantity: PositiveInt = 10
    max_cart_lines: PositiveInt = 50
    reservation_ttl_s: PositiveInt = 1_800
    turn_max_tool_calls: PositiveInt = 8
    turn_max_model_calls: PositiveInt = 6
    turn_timeout_s: PositiveFloat = 20.0
    history_token_budget: PositiveInt = 3_000
    rate_limit_per_minute: PositiveInt = 30
    rate_limit_client_per_minute: Annotated[int, Field(ge=1, le=100_000)] = 120
    rate_limit_events_per_minute: Annotated[int, Field(ge=1, le=100_000)] = 60
    max_request_bytes: Annotated[int, Field(ge=1_024, le=16 * 1024 * 1024)] = 256 * 1024
    handoff_wait_s: Annotated[int, Field(ge=10, le=86_400)] = 120
    handoff_sweep_interval_s: PositiveFloat = 5.0

    webhook_timeout_s: PositiveFloat = 5.0
    webhook_max_attempts: Annotated[int, Field(ge=1, le=20)] = 6
    webhook_poll_interval_s: PositiveFloat = 2.0
    webhook_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # How often each API process looks for left carts whose next reminder is due.
    cart_recovery_interval_s: PositiveFloat = 60.0

    # How often each API process releases the stock of orders whose payment did not arrive.
    payment_release_interval_s: PositiveFloat = 30.0
    # How old (or how far ahead) a payment webhook's signed timestamp may be.
    payment_webhook_tolerance_s: Annotated[int, Field(ge=30, le=3_600)] = 300

    site_sync_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    site_sync_timeout_s: PositiveFloat = 10.0
    site_sync_max_page_bytes: PositiveInt = 2 * 1024 * 1024
    site_sync_delay_s: Annotated[float, Field(ge=0, le=60)] = 1.0
    site_sync_poll_interval_s: PositiveFloat = 60.0

    eval_judge_model: str | None = Field(default=None, pattern=r"^openai:\S+$")
    eval_price_table: Path | None = None

    # A chat the bot holds with no message for this long counts as resolved by the bot.
    idle_chat_close_h: Annotated[float, Field(gt=0, le=720)] = 24.0
    idle_chat_sweep_interval_s: PositiveFloat = 300.0
    # How often each API process writes the analytics roll-ups of the days that are over.
    analytics_rollup_interval_s: PositiveFloat = 300.0

    @field_validator("database_url")
    @classmethod
    def _database_url_parses(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("only sqlite:// and postgresql:// URLs are supported")
        return value

    @field_validator("chroma_url", "llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @field_validator("webhook_allowed_hosts", "site_sync_allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"must start with redis://, rediss:// or unix://, got {value!r}")
        return value

    @model_validator(mode="after")
    def _live_backend_has_its_server(self) -> Settings:
        if self.live_backend == "redis" and self.redis_url is None:
            raise ValueError("live_backend 'redis' needs redis_url")
        if self.live_backend == "postgres" and not self.resolved_database_url.startswith(
            "postgresql"
        ):
            raise ValueError("live_backend 'postgres' needs a postgresql:// database_url")
        return self

    @model_validator(mode="after")
    def _secrets_are_real_outside_development(self) -> Settings:
        if (
            self.environment == "production"
            and self.secret_key.get_secret_value() in _PLACEHOLDER_SECRETS
        ):
            raise ValueError("secret_key must be set to a real secret in production")
        if self.llm_provider == "openai" and self.llm_api_key is None and self.llm_base_url is None:
            raise ValueError("llm_provider 'openai' needs llm_api_key or llm_base_url")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one, or a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sales_assistant.db').resolve()}"

    @property
    def resolved_live_backend(self) -> Literal["memory", "postgres", "redis"]:
        """How live events travel: Redis when configured, else PostgreSQL, else this process."""
        if self.live_backend != "auto":
            return self.live_backend
        if self.redis_url is not None:
            return "redis"
        if self.resolved_database_url.startswith("postgresql"):
            return "postgres"
        return "memory"

    @property
    def resolved_chroma_path(self) -> Path:
        """Where the embedded Chroma keeps its files when no server URL is set."""
        return self.chroma_path or self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Build Settings, turning validation errors into one readable line per bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """One line per failing field, naming the environment variable a user would set."""
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        name = f"{ENV_PREFIX}{field.upper()}" if field != "settings" else "settings"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"invalid setting {name}: {message}")
    return "; ".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide Settings, cached; FastAPI overrides it in tests."""
    return load_settings()
