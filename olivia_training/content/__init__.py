"""The content layer: every `exercises/*.yaml` file, validated and typed.

Each module in `olivia_training.content.models` declares the file it reads
(`FILE = "chronology.yaml"`) and its pydantic `Model`, and may add `extra_checks`.
New content kinds are added by adding a module there; nothing else needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from olivia_training.content.base import PARTICIPANT_EDITION
from olivia_training.content.loader import ContentError, Problem, display_name, read_yaml, validate
from olivia_training.paths import content_dir

__all__ = ["ContentError", "Problem", "load", "check_all", "registry", "model_module",
           "content_files"]


@cache
def registry() -> dict[str, ModuleType]:
    """Stem -> model module, discovered from content/models/."""
    from olivia_training.content import models

    found = {}
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        if hasattr(module, "FILE") and hasattr(module, "Model"):
            found[Path(module.FILE).stem] = module
    return dict(sorted(found.items()))


@cache
def model_module(stem: str) -> ModuleType:
    """The model module for `exercises/<stem>.yaml`, imported by name: each is named after its
    file (tests/test_content.py holds every kind to that), so a notebook that loads three files
    imports three model modules, not all seventeen (every kernel pays for what it imports:
    about a tenth of a second for the rest). An unknown kind is a KeyError naming the known."""
    from olivia_training.content import models

    if stem.isidentifier():
        name = f"{models.__name__}.{stem}"
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    raise KeyError(f"no content kind {stem!r}; known: {', '.join(registry())}")


@dataclass(frozen=True)
class Loaded:
    model: Any
    lines: Any
    path: Path


_cache: dict[tuple[str, int, int], Loaded] = {}


def _load_validated(stem: str, root: Path) -> Loaded:
    module = model_module(stem)
    path = root / module.FILE
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        raise ContentError([Problem(display_name(path), "", "file not found")]) from None
    if key not in _cache:
        data, lines = read_yaml(path)
        context = {PARTICIPANT_EDITION: True} if is_participant_edition(root) else None
        _cache[key] = Loaded(validate(module.Model, data, path, lines, context), lines, path)
    return _cache[key]


PARTICIPANT_MARKER = ".participant-edition"


def is_participant_edition(root: Path) -> bool:
    """A content folder made by `olivia-training participant-wheel`: no facilitator_ field
    anywhere (they read as withheld), checked in full before it was made."""
    if not (Path(root) / PARTICIPANT_MARKER).is_file():
        return False
    import warnings

    # A withheld field is not of its declared type, and pydantic's serializer says so when a
    # view dumps a model for the facilitator edition it then throws away. Expected here only.
    warnings.filterwarnings("ignore", message="Pydantic serializer warnings", category=UserWarning)
    return True


def load(stem: str, content: str | Path | None = None) -> Any:
    """The typed model for `exercises/<stem>.yaml`, after every check on it has passed."""
    model_module(stem)  # a KeyError naming the known kinds, before any file is read
    root = content_dir(content)
    loaded = _load_validated(stem, root)
    if is_participant_edition(root):
        return loaded.model  # every check ran on the full content it was made from
    from olivia_training.content.checks import check_file

    problems = check_file(stem, loaded, lambda s: _load_validated(s, root))
    if problems:
        raise ContentError(problems)
    return loaded.model


def content_files(content: str | Path | None = None) -> list[Path]:
    root = content_dir(content)
    return [root / m.FILE for m in registry().values()]


def check_all(content: str | Path | None = None) -> tuple[int, list[Problem]]:
    """Validate every content file. Returns (number of files checked, problems)."""
    from olivia_training.content.checks import check_file

    root = content_dir(content)
    problems: list[Problem] = []
    if not root.is_dir():
        return 0, [Problem(str(root), "", "content folder not found")]
    loaded: dict[str, Loaded] = {}
    for stem in registry():
        try:
            loaded[stem] = _load_validated(stem, root)
        except ContentError as exc:
            problems.extend(exc.problems)

    def get(stem: str) -> Loaded:
        if stem not in loaded:
            raise ContentError([])  # already reported above
        return loaded[stem]

    if is_participant_edition(root):
        return len(registry()), problems  # see load(): checked in full before it was made
    for stem, item in loaded.items():
        problems.extend(check_file(stem, item, get))
    return len(registry()), problems
