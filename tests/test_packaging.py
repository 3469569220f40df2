"""A plain (non-editable) wheel carries its content and works from any folder.

The wheel is built by pip with the hatchling already installed in the test environment
(`--no-build-isolation`): the same backend and route as `pip install .`, without downloading
a fresh build environment on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_content_notebooks_and_guide_and_runs_from_anywhere(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("olivia_training-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    for expected in ("olivia_training/_pack/exercises/briefing.yaml",
                     "olivia_training/_pack/notebooks/00_start_here.ipynb",
                     "olivia_training/handouts/templates/olivia/index.html.j2",
                     "olivia_training/templates/pack.css"):
        assert expected in names, expected
    assert not [n for n in names if n.startswith("tests/")]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "OLIVIA_CONTENT_DIR"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    check = subprocess.run(
        [sys.executable, "-c",
         "import sys, olivia_training.paths as p, olivia_training.cli as c;"
         "print(p.content_dir()); sys.exit(c.main(['check']))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert str(tmp_path / "site") in check.stdout and "OK:" in check.stdout
