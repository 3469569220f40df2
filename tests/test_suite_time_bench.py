"""benchmarks/suite_time.py, which measures the suite against its budget (issue 12): the
parts that decide what it prints. (The benchmark itself runs the whole suite; it is never
part of it.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("suite_time", ROOT / "benchmarks" / "suite_time.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_the_summary_is_pytests_last_line(bench):
    output = ("= 3 passed in 1.00s =\nnoise\n"
              "======= 1 failed, 846 passed, 2 skipped, 1 error in 201.47s (0:03:21) =======\n")
    assert bench.summary(output) == ({"failed": 1, "passed": 846, "skipped": 2, "error": 1}, 201.47)
    assert bench.summary("==== 855 passed in 226.10s (0:03:46) ====") == ({"passed": 855}, 226.1)
    assert bench.summary("collected 0 items\nINTERNALERROR") is None


def test_the_budget_follows_the_marker_expression(bench):
    assert bench.budget(["-m", "not hub"]) == 180
    assert bench.budget(["-m", "hub"]) == 90
    assert bench.budget([]) is None  # the whole suite: the two budgets are separate
    assert bench.budget(["tests/test_build.py", "-m", "not hub"]) == 180


@pytest.mark.parametrize(("cmdline", "expected"), [
    (["/usr/lib/chromium/chromium", "--type=renderer", "--lang=en-GB"], "Chromium renderers"),
    (["/usr/lib/chromium/chromium", "--type=gpu-process"], "Chromium GPU process"),
    (["/usr/lib/chromium/chromium", "--type=utility", "--utility-sub-type=network"], "Chromium helpers"),
    (["/usr/lib/chromium/chromium", "--headless", "--no-sandbox"], "Chromium browser process"),
    # Debian's /usr/bin/chromium is a script that execs the browser; Playwright names its profile
    (["/bin/sh", "/usr/bin/chromium", "--user-data-dir=/tmp/playwright_chromiumdev_profile-x"],
     "Chromium browser process"),
    ([".venv/bin/python", "-m", "ipykernel_launcher", "-f", "k.json"], "kernels"),
    ([".venv/bin/python", "-m", "olivia_training.startup", "jupyterlab", "--no-browser"],
     "JupyterLab server"),
    ([".venv/bin/python", "-m", "olivia_training.cli", "lab", "--workspace", "w"], "JupyterLab server"),
    ([".venv/bin/jupyterhub-singleuser", "--port=1"], "JupyterHub, its proxy and servers"),
    (["/opt/olivia-hub-test/env/bin/python", "/opt/olivia-hub-test/env/bin/olivia-hub-singleuser",
      "--SingleUserNotebookApp.default_url=/lab/tree/00.ipynb"], "JupyterHub, its proxy and servers"),
    (["node", "/usr/lib/node_modules/configurable-http-proxy/bin/configurable-http-proxy"],
     "JupyterHub, its proxy and servers"),
    (["/x/playwright/driver/node", "/x/playwright/driver/package/cli.js", "run-driver"],
     "Playwright driver"),
    ([".venv/bin/python", "-c", "from multiprocessing.spawn import spawn_main; spawn_main()"],
     "build workers"),
    (["/work/main/.venv/bin/python", "-u", "-c", "import sys;exec(eval(sys.stdin.readline()))"],
     "pytest (controller and workers)"),
    ([".venv/bin/python", "-m", "pytest", "-m", "not hub"], "pytest (controller and workers)"),
    ([".venv/bin/pytest", "-q"], "pytest (controller and workers)"),
    # a command a test runs as a real process, in pytest's temporary folder, is not pytest's
    ([".venv/bin/python", "-m", "olivia_training.cli", "check", "/tmp/pytest-of-root/pytest-3/c0"],
     "other"),
    (["/bin/bash", "-c", "sleep 1"], "other"),
    ([], "other"),
])
def test_each_process_is_credited_to_its_part(bench, cmdline, expected):
    assert bench.kind(cmdline) == expected


def test_the_pace_is_cpu_time_of_a_fixed_loop(bench):
    readings = [bench.pace_loop() for _ in range(2)]
    assert all(0 < r < 5 for r in readings)
