"""The OpenAI embedder against a fake OpenAI-compatible server (no network)."""

import json
import math

import httpx2
import pytest

from assistant.config import Settings
from assistant.errors import ConfigurationError, UpstreamError
from retrieval.embeddings.base import get_embedder
from retrieval.embeddings.openai_embeddings import OpenAIEmbedder


def fake_server(requests: list[dict[str, object]], status: int = 200) -> httpx2.Client:
    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        requests.append(body)
        if status != 200:
            return httpx2.Response(status, json={"error": {"message": "down"}})
        data = [
            {"object": "embedding", "index": i, "embedding": [3.0, 4.0, float(i)]}
            for i, _text in enumerate(body["input"])
        ]
        return httpx2.Response(
            200, json={"object": "list", "data": data, "model": body["model"], "usage": {}}
        )

    return httpx2.Client(transport=httpx2.MockTransport(handler))


def embedder(client: httpx2.Client) -> OpenAIEmbedder:
    return OpenAIEmbedder(
        model="text-embedding-3-small",
        api_key="sk-test",
        base_url="http://127.0.0.1:9/v1",
        batch_size=2,
        timeout_s=5,
        max_retries=0,
        http_client=client,
    )


def test_texts_are_sent_in_batches_and_vectors_come_back_normalised() -> None:
    requests: list[dict[str, object]] = []
    vectors = embedder(fake_server(requests)).embed_documents(["a", "b", "c"])
    assert [body["input"] for body in requests] == [["a", "b"], ["c"]]
    assert vectors.shape == (3, 3)
    assert math.isclose(float((vectors[0] ** 2).sum()), 1.0, rel_tol=1e-5)


def test_a_failing_server_is_an_upstream_error() -> None:
    with pytest.raises(UpstreamError):
        embedder(fake_server([], status=500)).embed_query("hello", "en")


def test_the_openai_provider_needs_a_key_or_a_server() -> None:
    settings = Settings(embedding_provider="openai", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="EMBEDDING_PROVIDER"):
        get_embedder(settings)
