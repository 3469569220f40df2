"""How the suite shares its work (tests/conftest.py): what must run together does; and the
helpers that keep a browser's hiccup from failing a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import NO_SURFACE, screenshot, xdist_scope


def test_tests_that_share_a_server_or_a_kernel_run_together():
    # One JupyterLab for every end-to-end test, the lab server's own tests included.
    assert xdist_scope("tests/e2e/test_lab_server.py::test_ctrl_c_stops_lab_and_exits_cleanly") == "lab"
    assert xdist_scope("tests/e2e/test_notebooks_in_lab.py::test_run_all[00_start_here.ipynb]") == "lab"
    assert xdist_scope("tests/hub/test_hub.py::test_login") == "hub"
    # nbval: a notebook's cells share one kernel, in order; two notebooks may run side by side.
    first = xdist_scope("notebooks/00_start_here.ipynb::Cell 0")
    assert first == xdist_scope("notebooks/00_start_here.ipynb::Cell 7")
    assert first != xdist_scope("notebooks/01_case_chronology.ipynb::Cell 0")


def test_a_module_runs_on_one_worker_so_its_fixtures_are_made_once():
    pdf = "tests/test_formats_pdf.py"
    assert xdist_scope(f"{pdf}::test_a") == xdist_scope(f"{pdf}::test_b[x]") == pdf
    assert xdist_scope("tests/test_build.py::test_a") != xdist_scope(f"{pdf}::test_a")


def test_the_accessibility_shards_are_dealt_one_by_one():
    nodeid = "tests/test_handouts_browser.py::test_every_handout_is_offline_and_accessible[3]"
    assert xdist_scope(nodeid) == nodeid


def test_the_default_options_spread_the_work_and_stop_a_hang(pytestconfig):
    addopts = " ".join(pytestconfig.getini("addopts"))
    assert "-n auto" in addopts and "--dist loadgroup" in addopts and "--durations=10" in addopts
    assert 60 <= float(pytestconfig.getini("timeout")) <= 600
    assert any(m.startswith("hub:") for m in pytestconfig.getini("markers"))


class _Shots:
    """A page whose first `fail` screenshots raise `error`, as Playwright raises Chromium's
    answers; it records what the helper asked of it."""

    def __init__(self, error: str, fail: int):
        self.error, self.fail, self.calls = error, fail, []

    def screenshot(self, path):
        self.calls.append("screenshot")
        if self.fail:
            self.fail -= 1
            raise RuntimeError(f"Page.screenshot: Protocol error (Page.captureScreenshot): {self.error}")
        Path(path).write_bytes(b"png")

    def evaluate(self, script):
        self.calls.append("painted" if "requestAnimationFrame" in script else script)


def test_a_screenshot_chromium_could_not_copy_is_taken_again_after_a_painted_frame(tmp_path):
    page = _Shots(NO_SURFACE, fail=1)
    assert screenshot(page, tmp_path / "a.png").read_bytes() == b"png"
    assert page.calls == ["screenshot", "painted", "screenshot"]


@pytest.mark.parametrize(("error", "fail"), [
    (NO_SURFACE, 2), ("Target page, context or browser has been closed", 1)])
def test_any_other_screenshot_error_or_the_same_one_twice_still_fails(tmp_path, error, fail):
    page = _Shots(error, fail)
    with pytest.raises(RuntimeError, match=error):
        screenshot(page, tmp_path / "a.png")
    assert not (tmp_path / "a.png").exists()
