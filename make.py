#!/usr/bin/env python3
"""Set up and run the Olivia training pack, on Windows, macOS or Linux.

    python make.py handouts   set up, then build the handouts into handouts/
    python make.py test       set up with the test tools, then run every test
    python make.py lab        set up, then open the workshop in JupyterLab

Each command creates a virtual environment in .venv the first time (and again whenever
pyproject.toml changes), so a fresh clone needs nothing but Python 3.10 or newer.
Anything after the command is passed on, e.g. `python make.py handouts --out D:\\share`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[make] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kwargs)


def setup(extras: str = "") -> None:
    """Create .venv and install the pack (and extras) unless already up to date."""
    if sys.version_info < (3, 10):  # noqa: UP036 - make.py may be run by an old Python
        sys.exit("The pack needs Python 3.10 or newer.")
    stamp = VENV / f".installed{'-' + extras if extras else ''}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == digest:
        return
    if not PYTHON.exists():
        say("creating a virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    say(f"installing the pack ({target}) into .venv; the first time takes a few minutes")
    for step in (["-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                 ["-m", "pip", "install", "--quiet", "-e", target]):
        if run(PYTHON, *step) != 0:
            sys.exit("Installation failed; see the messages above.")
    stamp.write_text(digest)


def ensure_chromium() -> None:
    """The browser tests use the browser the build prints PDFs with, found the one way the pack
    finds it (olivia_training.handouts.pdf.find_browser); on Debian/Ubuntu as root, install it."""
    sys.path.insert(0, str(ROOT))
    from olivia_training.handouts.pdf import find_browser

    if find_browser() is not None:
        return
    if sys.platform.startswith("linux") and shutil.which("apt-get") and os.geteuid() == 0:
        say("installing Debian's chromium for the browser tests")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if (run("apt-get", "update", "-qq", env=env)
                or run("apt-get", "install", "-y", "-qq", "chromium", env=env)):
            sys.exit("Could not install chromium.")
        return
    sys.exit("The browser tests need Chromium. Install it, or set OLIVIA_CHROMIUM to the path "
             "of a Chrome or Chromium executable.")


def prepare_hub_test(pytest_args: list[str]) -> None:
    """The hub test (tests/hub) needs root on Linux, configurable-http-proxy from the npm
    registry, and the participants' environment, which is prepared here, outside the timed
    tests (minutes the first time, then only when the pack's sources change)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or "not hub" in " ".join(pytest_args):
        return
    if not shutil.which("configurable-http-proxy"):
        if not shutil.which("npm") and shutil.which("apt-get"):
            say("installing Debian's npm for configurable-http-proxy")
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            run("apt-get", "update", "-qq", env=env)
            run("apt-get", "install", "-y", "-qq", "npm", env=env)
        say("installing configurable-http-proxy from the npm registry (for the hub test)")
        if run("npm", "install", "-g", "--silent", "configurable-http-proxy") != 0:
            sys.exit("Could not install configurable-http-proxy.")
    say("preparing the hub test's participants' environment")
    if run(PYTHON, ROOT / "tests" / "hub" / "hubenv.py") != 0:
        sys.exit("Could not prepare the hub test's environment; see the messages above.")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"handouts", "test", "lab"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "handouts":
        setup()
        return run(BIN / "olivia-training", "build", *rest)
    if command == "lab":
        setup()
        return run(BIN / "olivia-training", "lab", *rest)
    setup("test")
    ensure_chromium()
    prepare_hub_test(rest)
    return run(PYTHON, "-m", "pytest", *rest, env=test_environment())


def test_environment() -> dict[str, str]:
    """The suite's environment: this one, but with Python's bytecode caches allowed (in the
    gitignored __pycache__ folders). Some machines, CI images among them, set
    PYTHONDONTWRITEBYTECODE; then every xdist worker rewrites the asserts of about 170
    modules (hypothesis's among them) afresh, which was 6 s of each worker's collection."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
