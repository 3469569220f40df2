"""`olivia-training lab`: the workspace copies and the JupyterLab command line. (The real
JupyterLab it starts, answering on 127.0.0.1 and stopped with Ctrl-C, is checked in
tests/e2e/test_lab_server.py, on the run's one server.)"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from olivia_training import lab
from olivia_training.paths import notebooks_dir


def _notebook(path: Path, text: str) -> None:
    nb = new_notebook(cells=[new_markdown_cell(f"# {text}"),
                             new_markdown_cell("Answer key", metadata={"tags": ["facilitator"]}),
                             new_code_cell("1 + 1")])
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    nbformat.write(nb, path)


@pytest.fixture
def pack(tmp_path) -> Path:
    source = tmp_path / "pack"
    source.mkdir()
    _notebook(source / "00_start.ipynb", "Version one")
    return source


def _edit(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", text="2\n")]
    nbformat.write(nb, path)


def test_sync_copies_without_facilitator_cells(pack, tmp_path):
    ws = tmp_path / "ws"
    report = lab.sync_notebooks(ws, source_dir=pack)
    assert report["copied"] == ["00_start.ipynb"]
    copy = (ws / "00_start.ipynb").read_text()
    assert "Version one" in copy and "Answer key" not in copy
    lab.sync_notebooks(tmp_path / "fac", source_dir=pack, facilitator=True)
    assert "Answer key" in (tmp_path / "fac" / "00_start.ipynb").read_text()
    assert lab.sync_notebooks(ws, source_dir=pack)["unchanged"] == ["00_start.ipynb"]


def test_untouched_copy_is_brought_up_to_date(pack, tmp_path):
    ws = tmp_path / "ws"
    lab.sync_notebooks(ws, source_dir=pack)
    _notebook(pack / "00_start.ipynb", "Version two")
    assert lab.sync_notebooks(ws, source_dir=pack)["copied"] == ["00_start.ipynb"]
    assert "Version two" in (ws / "00_start.ipynb").read_text()
    assert not list(ws.glob("*new version*"))


def test_edited_copy_is_never_overwritten_and_a_new_version_is_offered(pack, tmp_path):
    ws = tmp_path / "ws"
    lab.sync_notebooks(ws, source_dir=pack)
    _edit(ws / "00_start.ipynb")
    edited = (ws / "00_start.ipynb").read_bytes()

    # The pack has not changed: the edited copy is kept and nothing is offered.
    report = lab.sync_notebooks(ws, source_dir=pack)
    assert report["edited"] == ["00_start.ipynb"] and report["offered"] == []
    assert (ws / "00_start.ipynb").read_bytes() == edited

    # A newer pack version is offered beside the participant's copy, which stays as it is.
    _notebook(pack / "00_start.ipynb", "Version two")
    report = lab.sync_notebooks(ws, source_dir=pack)
    assert report["kept"] == ["00_start.ipynb"]
    assert report["offered"] == ["00_start (new version).ipynb"]
    assert (ws / "00_start.ipynb").read_bytes() == edited
    assert "Version two" in (ws / "00_start (new version).ipynb").read_text()

    # Running again changes nothing; a third version replaces the untouched offered copy.
    assert lab.sync_notebooks(ws, source_dir=pack)["offered"] == ["00_start (new version).ipynb"]
    _notebook(pack / "00_start.ipynb", "Version three")
    lab.sync_notebooks(ws, source_dir=pack)
    assert "Version three" in (ws / "00_start (new version).ipynb").read_text()
    assert (ws / "00_start.ipynb").read_bytes() == edited

    # Once the participant works in the offered copy as well, that is kept too.
    _edit(ws / "00_start (new version).ipynb")
    offered = (ws / "00_start (new version).ipynb").read_bytes()
    _notebook(pack / "00_start.ipynb", "Version four")
    report = lab.sync_notebooks(ws, source_dir=pack)
    assert report["kept"] == ["00_start.ipynb", "00_start (new version).ipynb"]
    assert (ws / "00_start (new version).ipynb").read_bytes() == offered
    assert (ws / "00_start.ipynb").read_bytes() == edited


def test_allow_root_only_as_root(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    command = lab.lab_command(tmp_path, 8888, "tok", open_browser=False)
    assert "--allow-root" not in command
    assert "--ServerApp.ip=127.0.0.1" in command and "--LabApp.news_url=None" in command
    assert "--IdentityProvider.token=tok" in command
    assert "--ServerApp.default_url=/lab/tree/00_start_here.ipynb" in command
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    assert "--allow-root" in lab.lab_command(tmp_path, 8888, "tok", open_browser=False)


def test_run_lab_sets_the_workspace_and_path_for_kernels_and_terminals(monkeypatch, tmp_path, capsys):
    seen = {}

    class FakeProcess:
        def __init__(self, command, cwd, env):
            seen.update(command=command, cwd=cwd, env=env)

        def wait(self):
            return 0

    monkeypatch.setattr(lab.subprocess, "Popen", FakeProcess)
    ws = tmp_path / "ws"
    assert lab.run_lab(workspace=str(ws), port=9999, open_browser=False) == 0
    assert seen["cwd"] == ws and seen["env"]["OLIVIA_WORKSPACE"] == str(ws)
    assert seen["env"]["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    out = capsys.readouterr().out
    token = re.search(r"http://127\.0\.0\.1:9999/lab/tree/00_start_here\.ipynb\?token=(\S+)", out).group(1)
    assert f"--IdentityProvider.token={token}" in seen["command"]
    assert {p.name for p in ws.glob("*.ipynb")} == {p.name for p in notebooks_dir().glob("*.ipynb")}
