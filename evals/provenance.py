"""What a run was made from: the project version and the git commit of the code under test."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import assistant

_PROJECT_ROOT = Path(assistant.__file__).resolve().parents[1]
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def project_version() -> str:
    """The installed project version."""
    return assistant.__version__


def git_commit(root: Path = _PROJECT_ROOT) -> str | None:
    """`git rev-parse HEAD` of the project's checkout; None outside a checkout or without git."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = completed.stdout.strip()
    return commit if completed.returncode == 0 and _COMMIT.match(commit) else None
