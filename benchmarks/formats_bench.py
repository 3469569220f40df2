"""What the PDFs add to a build: a cold build and a warm rebuild, each with and without PDFs.

    python benchmarks/formats_bench.py [--rounds N]

Each round runs `olivia-training build` four times into a fresh folder: cold with
`--no-pdf`, cold with PDFs (`--no-cache` both), then warm (nothing changed) with and without
PDFs. Rounds alternate so that a busy machine slows both kinds alike; the medians are
printed, with the PDF step's own time as the build reports it. Needs Edge, Chrome or Chromium
(OLIVIA_CHROMIUM names one).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(out: Path, *extra: str) -> tuple[float, float | None]:
    """(wall seconds of the whole command, seconds of the PDF step or None)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "olivia_training.cli", "build", "--quiet",
                           "--out", str(out), *extra], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"})
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    match = re.search(r"PDFs: .* in ([\d.]+) s", proc.stdout)
    return seconds, float(match.group(1)) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from olivia_training.handouts.pdf import find_browser, not_found_message

    if find_browser() is None:
        sys.exit(f"No browser to print with: {not_found_message()}.")
    results: dict[str, list[float]] = {k: [] for k in ("cold", "cold+pdf", "pdf step (cold)", "warm",
                                                        "warm+pdf", "pdf step (warm)")}
    for n in range(args.rounds):
        folder = Path(tempfile.mkdtemp(prefix="olivia-formats-bench-"))
        try:
            results["cold"].append(run(folder / "a", "--no-cache", "--no-pdf")[0])
            wall, step = run(folder / "b", "--no-cache")
            results["cold+pdf"].append(wall)
            results["pdf step (cold)"].append(step or 0.0)
            run(folder / "b")  # settle: the indexes were written for PDFs already
            results["warm"].append(run(folder / "a", "--no-pdf")[0])
            wall, step = run(folder / "b")
            results["warm+pdf"].append(wall)
            results["pdf step (warm)"].append(step or 0.0)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"round {n + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), flush=True)
    print()
    for key, values in results.items():
        each = ", ".join(f"{v:.2f}" for v in values)
        print(f"{key:>16}: median {statistics.median(values):.2f} s  ({each})")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
