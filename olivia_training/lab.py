"""`olivia-training lab`: the participant's own JupyterLab, in their workspace folder.

Notebooks are copied into the workspace, with facilitator cells removed unless
`--facilitator` is given, so a participant's screen never shows an answer key. A copy the
participant has edited is never overwritten: a newer pack version is put beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from olivia_training.atomic import atomic_write_text
from olivia_training.paths import CONTENT_ENV, WORKSPACE_ENV, notebooks_dir, workspace_dir

MANIFEST = ".olivia-notebooks.json"
FACILITATOR_TAG = "facilitator"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def participant_copy(source: Path, facilitator: bool) -> bytes:
    """The notebook as a participant gets it: no facilitator cells, no outputs."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    if not facilitator:
        nb.cells = [c for c in nb.cells if FACILITATOR_TAG not in c.metadata.get("tags", [])]
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def sync_notebooks(workspace: Path, *, facilitator: bool = False,
                   source_dir: Path | None = None) -> dict[str, list[str]]:
    """Copy the pack's notebooks into `workspace`. Returns what was copied, kept, offered."""
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        manifest = {}
    report: dict[str, list[str]] = {"copied": [], "unchanged": [], "kept": [], "offered": []}
    for source in sorted((source_dir or notebooks_dir()).glob("*.ipynb")):
        fresh = participant_copy(source, facilitator)
        fresh_hash = _digest(fresh)
        target = workspace / source.name
        if not target.exists():
            target.write_bytes(fresh)
            manifest[source.name] = fresh_hash
            report["copied"].append(source.name)
            continue
        current_hash = _digest(target.read_bytes())
        if current_hash == fresh_hash:
            manifest[source.name] = fresh_hash
            report["unchanged"].append(source.name)
        elif current_hash == manifest.get(source.name):
            # Untouched by the participant: safe to bring up to date.
            target.write_bytes(fresh)
            manifest[source.name] = fresh_hash
            report["copied"].append(source.name)
        else:
            newer = workspace / f"{source.stem} (new version).ipynb"
            newer.write_bytes(fresh)
            report["kept"].append(source.name)
            report["offered"].append(newer.name)
    atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True))
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(workspace: Path, port: int, token: str, open_browser: bool) -> list[str]:
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={workspace}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.open_browser=" + ("True" if open_browser else "False"),
        "--ServerApp.default_url=/lab/tree/00_start_here.ipynb",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def run_lab(*, workspace: str | None = None, port: int = 0, open_browser: bool = True,
            facilitator: bool = False, content: str | None = None) -> int:
    ws = workspace_dir(workspace)
    report = sync_notebooks(ws, facilitator=facilitator)
    for name in report["kept"]:
        print(f"Kept your edited {name}; the pack's newer version is beside it.")
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    env = {**os.environ, WORKSPACE_ENV: str(ws)}
    if content:
        env[CONTENT_ENV] = str(Path(content).resolve())
    url = f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token={token}"
    print(f"Workshop folder: {ws}")
    print(f"JupyterLab: {url}", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    process = subprocess.Popen(lab_command(ws, port, token, open_browser), cwd=ws, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0


def remove_workspace_answers(workspace: Path) -> int:
    """Delete the saved answers (not the notebooks). Returns how many files went."""
    answers = workspace / "answers"
    if not answers.is_dir():
        return 0
    count = sum(1 for p in answers.rglob("*") if p.is_file())
    shutil.rmtree(answers)
    return count
