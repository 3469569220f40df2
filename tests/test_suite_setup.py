"""How the suite shares its work (tests/conftest.py): what must run together does."""

from __future__ import annotations

from helpers import xdist_scope


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
