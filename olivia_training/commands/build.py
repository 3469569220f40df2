"""olivia-training build: the participant and facilitator handouts."""

from __future__ import annotations

import sys
from pathlib import Path

from olivia_training.commands._common import content_arg

NAME = "build"
HELP = "build the participant and facilitator handouts"
ORDER = 20


def add_arguments(parser) -> None:
    parser.add_argument("--out", default="handouts", metavar="DIR",
                        help="output folder (default: handouts)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks executed at once (default: CPU count)")
    parser.add_argument("--no-cache", action="store_true", help="execute every notebook again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--notebooks", metavar="DIR",
                        help="notebooks folder to build instead of the pack's own")
    content_arg(parser)


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from olivia_training.handouts.build import build

    notebooks = sorted(Path(args.notebooks).glob("*.ipynb")) if args.notebooks else None
    if notebooks == []:
        print(f"{args.notebooks}: no notebooks found", file=sys.stderr)
        return 2
    report = build(Path(args.out), jobs=args.jobs, use_cache=not args.no_cache,
                   content=args.content, notebooks=notebooks, show_progress=not args.quiet)
    console = Console(highlight=False)
    table = Table(title="Handouts")
    for column in ("notebook", "status", "seconds", "title or error"):
        table.add_column(column)
    for o in report.outcomes:
        table.add_row(o.stem, o.status, f"{o.seconds:.1f}", o.error or o.title)
    console.print(table)
    console.print(f"Built in {report.seconds:.1f} s: open {report.out / 'index.html'}")
    for o in report.failed:
        print(f"FAILED {o.stem}: {o.error}", file=sys.stderr)
    return 1 if report.failed else 0
