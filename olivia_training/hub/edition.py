"""The participant edition of the pack: what a hub participant's environment is made from.

A participant's kernel can read everything in its environment, so the environment must
hold no answer key at all. The participant edition is the ordinary wheel built from a copy
of the sources in which:

- every content file has each `facilitator_` field removed (`participant_view()`), and a
  `.participant-edition` marker, so the content layer validates it with those fields
  withheld (they refuse every use, rather than give wrong feedback);
- every notebook has its facilitator cells removed (the same `participant_copy` as `lab`);
- the facilitator guide is left out;
- the version carries `+participant`, so `pip show olivia-training` says which edition it is.

The full content is checked first, so the edition is only ever made from content that passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PARTICIPANT_LOCAL_VERSION = "participant"
GUIDE_INCLUDE = '"facilitator_guide" = "olivia_training/_pack/facilitator_guide"\n'
COPIED = ("pyproject.toml", "README.md")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "_pack", ".ipynb_checkpoints")


class EditionError(RuntimeError):
    pass


def source_root() -> Path:
    """The checkout this package runs from; the edition is built from sources, not a wheel."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file() or not (root / "exercises").is_dir():
        raise EditionError(f"{root} is not a checkout of the pack (no pyproject.toml and exercises/): "
                           "run this from a clone of the repository")
    return root


def strip_content(source: Path, dest: Path) -> list[Path]:
    """Every content file of `source`, without its facilitator_ fields, into `dest`."""
    from olivia_training.content import PARTICIPANT_MARKER, check_all, load, registry
    from olivia_training.content.loader import write_yaml

    _, problems = check_all(source)
    if problems:
        raise EditionError("the content does not pass its checks; fix it first:\n"
                           + "\n".join(str(p) for p in problems))
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, module in registry().items():
        data = load(stem, source).participant_view()
        path = dest / module.FILE
        path.write_text("# Participant edition: every facilitator_ field removed.\n"
                        + write_yaml(data),
                        encoding="utf-8")
        written.append(path)
    (dest / PARTICIPANT_MARKER).write_text(
        "This content folder is the participant edition of the Olivia training pack:\n"
        "it holds no facilitator_ field, no answer key and no facilitator note.\n", encoding="utf-8")
    for stem in registry():  # it must load as the participant edition, or the hub breaks
        load(stem, dest)
    return written


def strip_notebooks(source: Path, dest: Path) -> list[Path]:
    from olivia_training.lab import participant_copy

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for notebook in sorted(source.glob("*.ipynb")):
        (dest / notebook.name).write_bytes(participant_copy(notebook, facilitator=False))
        written.append(dest / notebook.name)
    return written


def participant_tree(source: Path, dest: Path) -> Path:
    """A source tree for the participant edition, in `dest` (which must not exist)."""
    source, dest = Path(source), Path(dest)
    dest.mkdir(parents=True)
    for name in COPIED:
        shutil.copy2(source / name, dest / name)
    shutil.copytree(source / "olivia_training", dest / "olivia_training", ignore=IGNORED)
    strip_content(source / "exercises", dest / "exercises")
    strip_notebooks(source / "notebooks", dest / "notebooks")
    pyproject = (dest / "pyproject.toml").read_text(encoding="utf-8")
    if GUIDE_INCLUDE not in pyproject:
        raise EditionError(f"pyproject.toml no longer has the line {GUIDE_INCLUDE.strip()!r}; "
                           "update olivia_training/hub/edition.py to match")
    pyproject = pyproject.replace(GUIDE_INCLUDE, "")
    version_line = next(line for line in pyproject.splitlines() if line.startswith("version = "))
    version = version_line.split('"')[1]
    pyproject = pyproject.replace(version_line, f'version = "{version}+{PARTICIPANT_LOCAL_VERSION}"', 1)
    (dest / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return dest


def build_wheel(tree: Path, out: Path) -> Path:
    """`pip wheel` on the participant tree (hatchling, as for the ordinary wheel)."""
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.glob("*.whl"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                             "--wheel-dir", str(out), str(tree)], capture_output=True, text=True)
    if result.returncode != 0:
        raise EditionError(f"building the wheel failed:\n{result.stderr.strip()}")
    made = sorted(set(out.glob("*.whl")) - before) or sorted(out.glob(f"*+{PARTICIPANT_LOCAL_VERSION}-*.whl"))
    if not made:
        raise EditionError("pip reported success but wrote no wheel")
    return made[-1]


def participant_wheel(out: Path, source: Path | None = None) -> Path:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="olivia-participant-") as tmp:
        tree = participant_tree(source or source_root(), Path(tmp) / "tree")
        return build_wheel(tree, Path(out))


def make_env(target: Path, wheel: Path, python: str = "/usr/bin/python3", extras: str = "hub") -> Path:
    """A world-readable virtual environment with the participant edition (and JupyterHub, for
    `jupyterhub-singleuser`). Debian's /usr/bin/python3 by default: every system user can run
    it, unlike a Python under /root (mode 0700), where spawning fails with "Permission denied"."""
    target = Path(target)
    if not (target / "bin" / "python").exists():
        _check([python, "-m", "venv", str(target)], "creating the environment")
    pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _check([*pip, f"{wheel}[{extras}]" if extras else str(wheel)], "installing the pack's dependencies")
    # The same version number may already be installed from an earlier build: replace it.
    _check([*pip, "--force-reinstall", "--no-deps", str(wheel)], "installing the participant edition")
    make_world_readable(target)
    return target


def make_world_readable(folder: Path) -> None:
    """chmod -R a+rX: files readable by all, folders and executables enterable/runnable by all."""
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            extra = 0o444 | (0o111 if (path.is_dir() or mode & 0o111) else 0)
            if mode & extra != extra:
                path.chmod(mode | extra)
    Path(folder).chmod(Path(folder).stat().st_mode | 0o555)


def _check(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise EditionError(f"{what} failed ({' '.join(command[:4])} ...):\n{result.stderr.strip()[-2000:]}")
