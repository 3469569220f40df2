"""Cache keys for executed handouts: the notebook, the content and the package code.

Any change to one of those re-executes only the notebooks it can affect; with nothing
changed a rebuild copies files and never imports nbconvert.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from olivia_training.atomic import atomic_write_text

PACKAGE = Path(__file__).resolve().parents[1]
CODE_SUFFIXES = {".py", ".j2", ".css", ".json"}


def _digest_files(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@cache
def code_digest() -> str:
    files = [p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()
             and "__pycache__" not in p.parts and "_pack" not in p.parts]
    return _digest_files(files, PACKAGE)


def content_digest(content: Path) -> str:
    return _digest_files([p for p in content.rglob("*") if p.is_file()], content)


def notebook_key(notebook: Path, content_hash: str) -> str:
    h = hashlib.sha256()
    for part in (notebook.read_bytes(), content_hash.encode(), code_digest().encode()):
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()[:20]


class HandoutCache:
    """DIR/.cache/<stem>/<key>/{participant,facilitator}.html + meta.json."""

    def __init__(self, root: Path):
        self.root = root

    def _dir(self, stem: str, key: str) -> Path:
        return self.root / stem / key

    def get(self, stem: str, key: str) -> dict | None:
        folder = self._dir(stem, key)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        files = {e: folder / f"{e}.html" for e in ("participant", "facilitator")}
        if not all(p.is_file() for p in files.values()):
            return None
        return {"title": meta["title"], "files": files}

    def put(self, stem: str, key: str, title: str, htmls: dict[str, str]) -> dict:
        folder = self._dir(stem, key)
        # One entry per notebook: older keys are dead weight.
        if (self.root / stem).is_dir():
            for old in (self.root / stem).iterdir():
                if old.name != key and old.is_dir():
                    for f in old.iterdir():
                        f.unlink()
                    old.rmdir()
        for edition, html in htmls.items():
            atomic_write_text(folder / f"{edition}.html", html)
        atomic_write_text(folder / "meta.json", json.dumps({"title": title}))
        return self.get(stem, key)
