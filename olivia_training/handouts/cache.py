"""Cache keys for what the build makes: the notebook, the content, the package code, and the
versions of the tools that shape each output.

Any change to one of those re-makes only what it can affect; with nothing changed a rebuild
copies files and never imports nbconvert, python-pptx or Playwright, nor starts a browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import cache
from pathlib import Path

from olivia_training.atomic import atomic_write_text

PACKAGE = Path(__file__).resolve().parents[1]
CODE_SUFFIXES = {".py", ".j2", ".css", ".json"}
# The packages whose upgrade can change a handout's bytes (nbconvert and mistune render the
# Markdown, ipywidgets and matplotlib the outputs), a slide deck's, or a PDF's.
HANDOUT_TOOLS = ("nbconvert", "nbclient", "nbformat", "mistune", "ipywidgets", "matplotlib", "pandas",
                 "jinja2")
SLIDES_TOOLS = ("python-pptx", "matplotlib", "mistune", "pillow")
PDF_TOOLS = ("playwright",)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _installed() -> dict[str, str]:
    """Normalised distribution name -> version, from the `name-version.dist-info` folder names
    on sys.path (the standard layout of wheels, pip and conda). A listing per folder costs
    about a millisecond, where importlib.metadata costs a tenth of a warm rebuild."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                dist, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(_normalise(dist), version)
    return found


@cache
def tool_versions(names: tuple[str, ...]) -> str:
    """"name version" pairs for the installed distributions, without importing them."""
    installed = _installed()
    parts = []
    for name in names:
        version = installed.get(_normalise(name))
        if version is None:  # an unusual install (egg-info): ask importlib.metadata
            from importlib import metadata

            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        parts.append(f"{name} {version}")
    return "; ".join(parts)


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
    for part in (notebook.read_bytes(), content_hash.encode(), code_digest().encode(),
                 tool_versions(HANDOUT_TOOLS).encode()):
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


def pdf_key(html: bytes, browser_identity: str) -> str:
    """A PDF stands for its HTML's bytes, printed by this browser through this code."""
    h = hashlib.sha256()
    for part in (html, browser_identity.encode(), tool_versions(PDF_TOOLS).encode(),
                 code_digest().encode()):
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()[:20]


class FileCache:
    """DIR/.cache/<kind>/<name>/<key>/<file>: one kept version per name, for PDFs and slides."""

    def __init__(self, root: Path, kind: str):
        self.root = root / kind

    def get(self, name: str, key: str) -> Path | None:
        folder = self.root / name / key
        files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
        return files[0] if len(files) == 1 else None

    def put(self, name: str, key: str, filename: str, data: bytes) -> Path:
        from olivia_training.atomic import atomic_write_bytes

        if (self.root / name).is_dir():
            for old in (self.root / name).iterdir():
                if old.name != key and old.is_dir():
                    for f in old.iterdir():
                        f.unlink()
                    old.rmdir()
        target = self.root / name / key / filename
        atomic_write_bytes(target, data)
        return target
