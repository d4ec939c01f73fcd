import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.errors import ConfigurationError


def test_defaults_need_no_key_and_no_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert settings.llm_provider == "offline"
    assert (
        settings.resolved_database_url == f"sqlite:///{(tmp_path / 'sales_assistant.db').resolve()}"
    )
    assert settings.resolved_chroma_path == tmp_path / "chroma"
    assert settings.chroma_url is None


def test_environment_variables_use_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_ASSISTANT_MAX_LINE_QUANTITY", "7")
    monkeypatch.setenv("SALES_ASSISTANT_DATABASE_URL", "postgresql+psycopg://u@db:5432/shop")
    settings = load_settings(_env_file=None)
    assert settings.max_line_quantity == 7
    assert settings.resolved_database_url == "postgresql+psycopg://u@db:5432/shop"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SALES_ASSISTANT_PORT=9123\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().port == 9123


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DATABASE_URL", "not a url at all", "SALES_ASSISTANT_DATABASE_URL"),
        ("DATABASE_URL", "mysql://root@localhost/shop", "SALES_ASSISTANT_DATABASE_URL"),
        ("LLM_PROVIDER", "telepathy", "SALES_ASSISTANT_LLM_PROVIDER"),
        ("MAX_CART_LINES", "-3", "SALES_ASSISTANT_MAX_CART_LINES"),
        ("CHROMA_URL", "chroma.internal:8000", "SALES_ASSISTANT_CHROMA_URL"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(f"SALES_ASSISTANT_{variable}", value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings(_env_file=None)
    assert named in caught.value.message
    assert "\n" not in caught.value.message


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ConfigurationError, match="secret_key"):
        load_settings(environment="production", _env_file=None)


def test_openai_provider_needs_a_key_or_a_base_url() -> None:
    with pytest.raises(ConfigurationError, match="llm_api_key"):
        load_settings(llm_provider="openai", _env_file=None)


def test_cli_start_up_with_a_bad_setting_prints_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from assistant.cli.app import main; main()", "init"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"SALES_ASSISTANT_WORKERS": "-2", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SALES_ASSISTANT_WORKERS" in result.stderr
    assert "Traceback" not in result.stderr
