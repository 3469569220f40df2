"""Where the pack's content, notebooks and the participant's answers live.

One place decides this so that the CLI, the notebooks and the build agree, and so
that a notebook copied anywhere still finds its content without `../` paths.
"""

from __future__ import annotations

import os
from pathlib import Path

CONTENT_ENV = "OLIVIA_CONTENT_DIR"
WORKSPACE_ENV = "OLIVIA_WORKSPACE"
DEFAULT_WORKSPACE = Path.home() / "olivia-workshop"

_PACKAGE_DIR = Path(__file__).resolve().parent


def pack_dir() -> Path:
    """The folder holding exercises/, notebooks/ and facilitator_guide/.

    A wheel carries them in `olivia_training/_pack`; an editable install or a
    checkout uses the repository root.
    """
    bundled = _PACKAGE_DIR / "_pack"
    if (bundled / "exercises").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def content_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--content DIR`, then OLIVIA_CONTENT_DIR, then the content shipped with the pack."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return pack_dir() / "exercises"


def notebooks_dir() -> Path:
    return pack_dir() / "notebooks"


def guide_dir() -> Path:
    return pack_dir() / "facilitator_guide"


def workspace_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--workspace DIR`, then OLIVIA_WORKSPACE, then ~/olivia-workshop."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_WORKSPACE
