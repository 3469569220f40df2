"""The participants' environment for the hub test: made once, outside the timed tests.

`python3 make.py test` (as root) runs this file before pytest; the test's fixture calls
`ensure()` too, which is instant when the environment is already there. It is the
participant edition of THIS checkout, with leak sentinels planted first in places a
participant must never see (a facilitator_ field, facilitator cells, the guide), installed
not editable into a world-readable virtual environment outside the clone (the clone may sit
in a folder other users cannot read), with Debian's /usr/bin/python3. An unchanged
checkout never rebuilds it (see `ensure`).

Run: python tests/hub/hubenv.py   (prints the environment's path)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_ROOT = Path(os.environ.get("OLIVIA_HUB_TEST_ENVS", "/opt/olivia-hub-test"))
PYTHON = os.environ.get("OLIVIA_HUB_TEST_PYTHON", "/usr/bin/python3")
READY = ".olivia-ready"
KEEP = 3  # environments kept (other checkouts may be testing at the same time)

# The same sentinels as the handout leak tests (tests/test_build.py).
SENTINELS = {
    "content": "SENTINEL-CONTENT-7f3a",  # a facilitator_ field in the content
    "markdown": "SENTINEL-MARKDOWN-7f3a",  # a facilitator-tagged markdown cell
    "output": "SENTINEL-OUTPUT-7f3a",  # a facilitator-tagged code cell
    "guide": "SENTINEL-GUIDE-7f3a",  # a facilitator guide page
}
LOOPBACK_CONFIG = """\
from olivia_training.hub import configure

c = get_config()  # noqa: F821
configure(c, state={state!r}, user_env={env!r}, service_user={service_user!r},
          service_port={service_port}{configure_extra})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.pid_file = {pid_file!r}
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
"""


def write_loopback_config(state: Path, env: Path, service_user: str, *, configure_extra: str = "",
                          extra_lines: str = "") -> tuple[Path, int]:
    """The jupyterhub_config.py of a hub on 127.0.0.1 only (free ports), shared by the hub
    test and benchmarks/hub_load.py so both start the same hub. Returns (file, public port)."""
    from olivia_training.lab import free_port

    port = free_port()
    config = state / "jupyterhub_config.py"
    config.write_text(LOOPBACK_CONFIG.format(
        state=str(state), env=str(env), service_user=service_user, service_port=free_port(),
        configure_extra=configure_extra, port=port, hub_port=free_port(), proxy_port=free_port(),
        pid_file=str(state / "proxy.pid")) + extra_lines, encoding="utf-8")
    return config, port


SOURCES = ("pyproject.toml", "README.md", "olivia_training", "exercises", "notebooks", "facilitator_guide")


def _hash(names: tuple[str, ...]) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(PYTHON.encode())
    for name in names:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        for file in files:
            h.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def digest() -> str:
    """Of everything that goes into the participant edition."""
    return _hash(SOURCES)


def plant_sentinels(tree: Path) -> None:
    """A copy of the sources with a sentinel wherever a participant must never see one."""
    workshop = tree / "exercises" / "workshop.yaml"
    text = workshop.read_text(encoding="utf-8")
    text, count = re.subn(r"facilitator_ground_rules_note: >-\n(  .*\n)+",
                          f"facilitator_ground_rules_note: {SENTINELS['content']}\n", text)
    if count != 1:
        raise RuntimeError("exercises/workshop.yaml: no facilitator_ground_rules_note to plant a sentinel in")
    workshop.write_text(text, encoding="utf-8")
    notebook = tree / "notebooks" / "00_start_here.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"] += [
        {"cell_type": "markdown", "id": "hub-sentinel-md", "metadata": {"tags": ["facilitator"]},
         "source": [f"Facilitator only: {SENTINELS['markdown']}"]},
        {"cell_type": "code", "id": "hub-sentinel-code", "metadata": {"tags": ["facilitator"]},
         "execution_count": None, "outputs": [], "source": [f"print('{SENTINELS['output']}')"]},
    ]
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (tree / "facilitator_guide" / "99-hub-sentinel.md").write_text(
        f"# Sentinel page\n\n{SENTINELS['guide']}\n", encoding="utf-8")


def ensure(log=print) -> Path:
    """The environment for this checkout. The virtual environment is kept per set of
    dependencies (pyproject.toml), which takes minutes to install the first time; the pack
    itself is rebuilt and reinstalled (seconds) only when its sources change."""
    from filelock import FileLock

    from olivia_training.hub.edition import make_env, participant_wheel

    ENV_ROOT.mkdir(parents=True, exist_ok=True)
    os.chmod(ENV_ROOT, 0o755)
    target = ENV_ROOT / f"env-{_hash(('pyproject.toml',))}"
    wanted = digest()
    with FileLock(str(ENV_ROOT / ".lock"), timeout=900):
        ready = target / READY
        if ready.is_file() and ready.read_text(encoding="utf-8") == wanted:
            return target
        log(f"[hub] preparing the participants' environment {target}")
        ready.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="olivia-hub-env-") as tmp:
            tree = Path(tmp) / "src"
            tree.mkdir()
            for name in SOURCES:
                source = ROOT / name
                if source.is_dir():
                    shutil.copytree(source, tree / name,
                                    ignore=shutil.ignore_patterns("__pycache__", "_pack"))
                else:
                    shutil.copy2(source, tree / name)
            plant_sentinels(tree)
            wheel = participant_wheel(Path(tmp) / "dist", source=tree)
            make_env(target, wheel, PYTHON)
        ready.write_text(wanted, encoding="utf-8")
        old = sorted((p for p in ENV_ROOT.iterdir() if p.is_dir() and p != target),
                     key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP - 1:]:
            shutil.rmtree(stale, ignore_errors=True)
    return target


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(ensure(lambda m: print(m, file=sys.stderr)))
