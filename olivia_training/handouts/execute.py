"""Execute one notebook in a fresh empty workspace, and export its two editions.

The build runs this in worker processes, each running one notebook at a time: two
NotebookClients sharing one asyncio loop were seen to stall for minutes on these machines.
When the build has one worker's work (a lone notebook, as in a one-notebook rebuild, or
--jobs 1), it runs this in its own process, one notebook after another, which saves starting
a worker (about 1.5 s of CPU): so everything here is kept to the kernel's own environment and
to this call, never changed for the calling process. A fresh OLIVIA_WORKSPACE means nobody's
saved answers can reach a handout.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.paths import CONTENT_ENV, WORKSPACE_ENV
from olivia_training.printable import BUILD_ENV


@dataclass
class Executed:
    stem: str
    ok: bool
    seconds: float
    htmls: dict[str, str] = field(default_factory=dict)
    title: str = ""
    error: str = ""


def _first_error(nb) -> str:
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return (f"cell {index} ({first_line.strip()[:60]!r}): "
                        f"{output.get('ename')}: {output.get('evalue')}")
    return ""


def run_notebook(path: str, content: str | None, built: str, attribution: str,
                 timeout: int = 120) -> Executed:
    """Run and export one notebook; never raises for the notebook's own faults."""
    stem = Path(path).stem
    start = time.perf_counter()
    traitlets_log = logging.getLogger("traitlets")  # nbclient's and nbconvert's warnings
    level = traitlets_log.level
    traitlets_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _execute_and_export(path, stem, start, content, built, attribution, timeout)
    finally:
        traitlets_log.setLevel(level)


def _execute_and_export(path, stem, start, content, built, attribution, timeout) -> Executed:
    import nbformat
    from nbclient import NotebookClient

    from olivia_training.handouts.export import export_edition

    with tempfile.TemporaryDirectory(prefix="olivia-build-ws-") as workspace:
        # The kernel's own environment; its stderr (transport warnings) goes nowhere:
        # errors that matter come back through the notebook's own error outputs.
        env = {**os.environ, WORKSPACE_ENV: workspace, BUILD_ENV: "1"}
        if content:
            env[CONTENT_ENV] = str(content)
        try:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                resources={"metadata": {"path": workspace}},
            )
            client.execute(env=env, stderr=subprocess.DEVNULL)
        except Exception as exc:  # kernel died, timeout, unreadable notebook
            return Executed(stem, False, time.perf_counter() - start,
                            error=f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1:]}")
    error = _first_error(nb)
    if error:
        return Executed(stem, False, time.perf_counter() - start, error=error)
    htmls, title = {}, stem
    try:
        for edition in ("participant", "facilitator"):
            htmls[edition], title = export_edition(nb, edition, built=built,
                                                   attribution=attribution)
    except Exception as exc:
        return Executed(stem, False, time.perf_counter() - start,
                        error=f"export failed: {type(exc).__name__}: {exc}")
    return Executed(stem, True, time.perf_counter() - start, htmls, title)
