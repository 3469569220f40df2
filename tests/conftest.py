"""Shared fixtures. Every test, nbval run and build uses a fresh, empty workspace."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"

# Fixture notebooks are built by tests, never collected by nbval.
collect_ignore_glob = ["fixtures/*", "fixtures/**/*"]

# Set before any kernel starts (nbval, nbclient, the build): kernels inherit it.
_SESSION_WORKSPACE = tempfile.mkdtemp(prefix="olivia-test-ws-")
os.environ["OLIVIA_WORKSPACE"] = _SESSION_WORKSPACE
os.environ.pop("OLIVIA_CONTENT_DIR", None)
os.environ.pop("OLIVIA_BUILD", None)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_WORKSPACE, ignore_errors=True)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    ws = tmp_path / "workspace"
    monkeypatch.setenv("OLIVIA_WORKSPACE", str(ws))
    return ws


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the pack's content, to break on purpose."""
    target = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    return target


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def built_handouts(tmp_path_factory) -> Path:
    """The pack's real handouts, built once, cold, for every handout test: with the PDFs and
    slide decks (tests/test_formats*.py), as `make.py handouts` makes them."""
    from olivia_training.handouts.build import build
    from olivia_training.paths import notebooks_dir

    out = tmp_path_factory.mktemp("handouts")
    # For development only: OLIVIA_TEST_NOTEBOOKS="01_*" builds a subset. CI never sets it.
    pattern = os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")
    notebooks = sorted(notebooks_dir().glob(pattern))
    report = build(out, jobs=2, use_cache=False, notebooks=notebooks, show_progress=False,
                   pdf=True, slides=True)
    assert not report.failed, [f"{o.stem}: {o.error}" for o in report.failed]
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, via Playwright. Never downloads a browser."""
    from helpers import launch_chromium

    with launch_chromium() as browser:
        yield browser
