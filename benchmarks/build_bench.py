#!/usr/bin/env python3
"""Handout build benchmark: the pack's build against stock nbconvert, in one run.

    python benchmarks/build_bench.py            (inside the pack's .venv)

Baseline: `jupyter nbconvert --to html --execute` once per notebook per edition, run in
sequence, with TagRemovePreprocessor removing facilitator cells for the participant run.
The pack: `olivia-training build --no-cache` (cold), then again with nothing changed
(warm). Targets: cold <= 0.15 x baseline; warm <= 1 s. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - start, proc.returncode


def peak_child_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    work = Path(tempfile.mkdtemp(prefix="olivia-bench-"))
    env = {**os.environ, "OLIVIA_WORKSPACE": str(work / "ws")}
    try:
        naive = 0.0
        for nb in notebooks:
            for edition in ("participant", "facilitator"):
                command = [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute",
                           str(nb), "--output-dir", str(work / "naive" / edition)]
                if edition == "participant":
                    command += ["--TagRemovePreprocessor.enabled=True",
                                "--TagRemovePreprocessor.remove_cell_tags=facilitator"]
                seconds, _ = timed(command, env)
                naive += seconds
        naive_rss = peak_child_rss_mb()

        build = [str(BIN / "olivia-training"), "build", "--quiet", "--out", str(work / "pack")]
        cold, _ = timed([*build, "--no-cache"], env)
        warm_runs = [timed(build, env)[0] for _ in range(3)]
        warm = min(warm_runs)
        rss = peak_child_rss_mb()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = len(notebooks)
    print(f"notebooks: {n}, CPUs: {os.cpu_count()}")
    print(f"naive nbconvert (2 editions x {n}, sequential): {naive:6.1f} s  "
          f"({naive / (2 * n):.1f} s per notebook per edition)")
    print(f"pack build, cold (--no-cache):                 {cold:6.1f} s  "
          f"ratio {cold / naive:.3f} x naive (target <= 0.15)")
    print(f"pack build, warm (nothing changed, best of 3): {warm:6.2f} s  "
          f"(target <= 1 s; runs: {', '.join(f'{w:.2f}' for w in warm_runs)})")
    if rss is not None:
        print(f"peak RSS of a child process: naive {naive_rss:.0f} MB, overall {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
