from collections.abc import Iterator

import pytest

from evals import registry


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """Leave the driver registry as the test found it."""
    saved = dict(registry._factories)
    yield
    registry._factories.clear()
    registry._factories.update(saved)
