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
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.atomic import atomic_write_bytes, atomic_write_text
from olivia_training.paths import CONTENT_ENV, WORKSPACE_ENV, notebooks_dir, workspace_dir

MANIFEST = ".olivia-notebooks.json"
NEW_VERSION = " (new version)"
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
    """Copy the pack's notebooks into `workspace`. Returns what was copied, left as it was
    (`unchanged`; `edited` by the participant with nothing newer in the pack), `kept` (edited,
    with a newer pack version `offered` beside it as "NAME (new version).ipynb")."""
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        manifest = {}
    report: dict[str, list[str]] = {"copied": [], "unchanged": [], "edited": [], "kept": [],
                                    "offered": []}
    for source in sorted((source_dir or notebooks_dir()).glob("*.ipynb")):
        fresh = participant_copy(source, facilitator)
        fresh_hash = _digest(fresh)
        target = workspace / source.name
        if not target.exists():
            atomic_write_bytes(target, fresh)
            manifest[source.name] = fresh_hash
            report["copied"].append(source.name)
            continue
        current_hash = _digest(target.read_bytes())
        if current_hash == fresh_hash:
            manifest[source.name] = fresh_hash
            report["unchanged"].append(source.name)
        elif current_hash == manifest.get(source.name):
            # Untouched by the participant: safe to bring up to date.
            atomic_write_bytes(target, fresh)
            manifest[source.name] = fresh_hash
            report["copied"].append(source.name)
        elif fresh_hash == manifest.get(source.name):
            # Edited by the participant, and the pack has nothing newer: nothing to offer.
            report["edited"].append(source.name)
        else:
            report["kept"].append(source.name)
            newer = workspace / f"{source.stem}{NEW_VERSION}.ipynb"
            newer_hash = _digest(newer.read_bytes()) if newer.exists() else None
            if newer_hash not in (None, fresh_hash, manifest.get(newer.name)):
                # The participant has worked in the offered copy too: leave that alone as well.
                report["kept"].append(newer.name)
                continue
            if newer_hash != fresh_hash:
                atomic_write_bytes(newer, fresh)
            manifest[newer.name] = fresh_hash
            report["offered"].append(newer.name)
    atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True))
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(workspace: Path, port: int, token: str, open_browser: bool) -> list[str]:
    command = [
        # JupyterLab's own `python -m jupyterlab`, started lean (olivia_training/startup.py).
        sys.executable, "-m", "olivia_training.startup", "jupyterlab",
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


LAB_SETTINGS = {
    # No news feed, no update checks, and no prompt asking about them: nothing reaches
    # for the internet and nothing covers the participant's page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def lab_config_dir(workspace: Path) -> Path:
    """A JupyterLab settings folder inside the workspace, so shared training laptops keep
    one workshop's layout and settings apart from another's and from the user's own."""
    config = workspace / ".jupyter"
    settings = config / "lab" / "user-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    return config


def run_lab(*, workspace: str | None = None, port: int = 0, open_browser: bool = True,
            facilitator: bool = False, content: str | None = None) -> int:
    ws = workspace_dir(workspace)
    report = sync_notebooks(ws, facilitator=facilitator)
    for name in report["kept"]:
        print(f"Kept your edited {name}.")
    for name in report["offered"]:
        print(f"The pack's newer version is beside it: {name}")
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    env = {**os.environ, WORKSPACE_ENV: str(ws), "JUPYTER_CONFIG_DIR": str(lab_config_dir(ws))}
    # JupyterLab's terminals then find `olivia-training` (for the CPD record and the
    # evaluation export) without the participant activating anything.
    scripts = str(Path(sys.executable).parent)
    if scripts not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
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




# Files the pack writes into a workspace from notebook 07 or by default from the CLI.
EXPORT_PATTERNS = ("cpd-record*.html", "evaluation*.json")


@dataclass
class ResetPlan:
    """What `reset-workspace` would delete from a workspace, and nothing else."""

    workspace: Path
    answers: int = 0  # saved answers (one per exercise)
    answer_files: int = 0  # with their backups, locks and damaged copies
    exports: list[Path] = field(default_factory=list)
    notebooks: list[Path] = field(default_factory=list)
    other: list[Path] = field(default_factory=list)  # checkpoints folder, manifest

    @property
    def empty(self) -> bool:
        return not (self.answer_files or self.exports or self.notebooks or self.other)


def plan_reset(workspace: Path) -> ResetPlan:
    """Only what the pack put there: the answers folder, the CPD record and evaluation
    files it wrote, and its notebook copies (their saved outputs can hold answers)."""
    from olivia_training.paths import pack_dir
    from olivia_training.responses import ResponseStore

    if workspace.resolve() in (notebooks_dir().resolve(), pack_dir().resolve()):
        raise ValueError(f"{workspace} is the pack's own folder, not a workshop folder")
    plan = ResetPlan(workspace)
    if not workspace.is_dir():
        return plan
    answers = workspace / "answers"
    if answers.is_dir():
        plan.answers = len(ResponseStore(workspace).ids())
        plan.answer_files = sum(1 for p in answers.rglob("*") if p.is_file())
    for pattern in EXPORT_PATTERNS:
        plan.exports += sorted(p for p in workspace.glob(pattern) if p.is_file())
    manifest = workspace / MANIFEST
    try:
        names = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        names = set()
    names |= {p.name for p in notebooks_dir().glob("*.ipynb")}
    for name in sorted(names):
        path = workspace / name
        if path.suffix == ".ipynb" and path.is_file():
            plan.notebooks.append(path)
    plan.notebooks += sorted(p for p in workspace.glob(f"*{NEW_VERSION}.ipynb")
                             if p.is_file() and p not in plan.notebooks)
    for extra in (workspace / ".ipynb_checkpoints", manifest):
        if extra.exists():
            plan.other.append(extra)
    return plan


def reset_workspace(plan: ResetPlan) -> None:
    """Carry out a plan from `plan_reset`. The workspace folder itself stays."""
    shutil.rmtree(plan.workspace / "answers", ignore_errors=True)
    for path in [*plan.exports, *plan.notebooks, *plan.other]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
