"""Shared fixtures, and how the suite shares its work between xdist workers.

Every test, nbval run and build uses a fresh, empty workspace.

The suite runs on pytest-xdist workers (`-n auto --dist loadgroup`, see pyproject.toml), and
what is expensive is made once per run, not once per worker:

- the real pack's build (`built_handouts`) and the fixture notebooks' build
  (tests/test_build.py): the first worker that needs one makes it, under a file lock in the
  run's shared temporary folder; the other worker waits for it and reads the same files;
- tests that must share one process run as one group on one worker (`xdist_scope`):
  everything in tests/e2e (one JupyterLab server and its pages), everything in tests/hub (one
  JupyterHub), the cells of each notebook under nbval (one kernel, in order), and each other
  test module (its module-scoped fixtures made once), except the accessibility shards, which
  are dealt one by one;
- the browser is one per worker, started the first time a worker needs it.

The groups are given by path, in the scheduler, because `xdist_group` marks are silently
ignored with pytest 9.2 (pytest-xdist issue #1386); marks are still honoured first, for when
that is fixed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nbval.kernel
import pytest
from helpers import LazyPformat, xdist_scope

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"

# Fixture notebooks are built by tests, never collected by nbval.
collect_ignore_glob = ["fixtures/*", "fixtures/**/*"]

# Set before any kernel starts (nbval, nbclient, the build): kernels inherit it.
_SESSION_WORKSPACE = tempfile.mkdtemp(prefix="olivia-test-ws-")
os.environ["OLIVIA_WORKSPACE"] = _SESSION_WORKSPACE
# One BLAS thread per kernel: a run starts many kernels on two cores, where more threads per
# kernel would only contend. (It was first set against an "ImportError: initialization
# failed" after a restart in tests/e2e; that was an interrupted import, see
# test_participant_steps.py.)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.pop("OLIVIA_CONTENT_DIR", None)
os.environ.pop("OLIVIA_BUILD", None)
# nbval formats each kernel message for a debug line whether or not it is logged: 1.7 s of
# CPU a run (helpers.LazyPformat). Formatted only when logged; the line is the same.
nbval.kernel.pformat = LazyPformat

# The e2e test that every notebook runs in JupyterLab, and the test that stops the server.
RUN_ALL_TEST = "test_run_all_shows_every_widget_and_no_errors"
STOPS_LAB_TEST = "test_ctrl_c_stops_lab_and_exits_cleanly"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_WORKSPACE, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PackScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            marked = super()._split_scope(nodeid)  # an xdist_group mark, once they work again
            return marked if marked != nodeid else xdist_scope(nodeid)

    return PackScheduling(config, log)


def _lab_order(item) -> tuple:
    """In tests/e2e: the plain server tests, then each notebook's Run All followed by the
    participant steps on that same page, then the test that stops the server."""
    if item.originalname == STOPS_LAB_TEST:
        return (2, "", 0)
    callspec = getattr(item, "callspec", None)
    notebook = callspec.params.get("lab_notebook", "") if callspec else ""
    if notebook:
        return (1, notebook, 0 if item.originalname == RUN_ALL_TEST else 1)
    return (0, "", 0)


def pytest_collection_modifyitems(config, items):
    lab = [i for i, item in enumerate(items) if xdist_scope(item.nodeid) == "lab"]
    for index, item in zip(lab, sorted((items[i] for i in lab), key=_lab_order), strict=True):
        items[index] = item


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
    """The pack's real handouts, built once per run, cold, for every handout test: with the
    PDFs and slide decks (tests/test_formats*.py), as `make.py handouts` makes them.

    Read-only: a test that changes a build works on a copy.
    """
    from helpers import once_per_run

    def make(out: Path) -> None:
        from olivia_training.handouts.build import build
        from olivia_training.paths import notebooks_dir

        # For development only: OLIVIA_TEST_NOTEBOOKS="01_*" builds a subset. CI never sets it.
        pattern = os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")
        notebooks = sorted(notebooks_dir().glob(pattern))
        report = build(out, jobs=os.cpu_count(), use_cache=False, notebooks=notebooks,
                       show_progress=False, pdf=True, slides=True)
        assert not report.failed, [f"{o.stem}: {o.error}" for o in report.failed]

    return once_per_run(tmp_path_factory, "handouts", make)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, via Playwright. Never downloads a browser."""
    from helpers import launch_chromium

    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def offline_tab(browser):
    """One tab per worker for pages checked offline with axe (helpers.OfflineTab): each
    `open` is a fresh document, and a new tab costs the browser about half a second of CPU
    (a renderer and its tab), a navigation in an open one about a tenth."""
    from helpers import OfflineTab

    with OfflineTab(browser) as tab:
        yield tab


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """One `olivia-training lab --no-browser` on 127.0.0.1 for the whole run."""
    from lab_driver import LabServer

    workspace = tmp_path_factory.mktemp("lab") / "workspace"
    server = LabServer(workspace).start()
    try:
        yield server
    finally:
        server.stop()
