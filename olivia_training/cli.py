"""The `olivia-training` command. Argument parsing and messages only; work lives elsewhere.

Every subcommand that reads content accepts `--content DIR`. Content problems print one
line each and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from olivia_training import __version__


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR",
                        help="content folder to use instead of the pack's exercises/ "
                             "(overrides OLIVIA_CONTENT_DIR)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="olivia-training",
        description="The Olivia trauma-informed practice training pack.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate every content file")
    _content_arg(check)

    build = sub.add_parser("build", help="build the participant and facilitator handouts")
    build.add_argument("--out", default="handouts", metavar="DIR",
                       help="output folder (default: handouts)")
    build.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="notebooks executed at once (default: CPU count)")
    build.add_argument("--no-cache", action="store_true", help="execute every notebook again")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--notebooks", metavar="DIR",
                       help="notebooks folder to build instead of the pack's own")
    _content_arg(build)

    lab = sub.add_parser("lab", help="open the workshop in JupyterLab")
    lab.add_argument("--workspace", metavar="DIR",
                     help="the participant's folder (default: OLIVIA_WORKSPACE or ~/olivia-workshop)")
    lab.add_argument("--port", type=int, default=0, metavar="N", help="port (default: a free one)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--facilitator", action="store_true",
                     help="copy the notebooks with their facilitator cells (for facilitators)")
    _content_arg(lab)
    return parser


def _fail_content(problems) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2


def cmd_check(args) -> int:
    from olivia_training.content import check_all

    count, problems = check_all(args.content)
    if problems:
        return _fail_content(problems)
    print(f"OK: {count} content files valid.")
    return 0


def cmd_build(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from olivia_training.content import ContentError, check_all
    from olivia_training.handouts.build import build

    count, problems = check_all(args.content)
    if problems:
        return _fail_content(problems)
    try:
        notebooks = sorted(Path(args.notebooks).glob("*.ipynb")) if args.notebooks else None
        if notebooks == []:
            print(f"{args.notebooks}: no notebooks found", file=sys.stderr)
            return 2
        report = build(Path(args.out), jobs=args.jobs, use_cache=not args.no_cache,
                       content=args.content, notebooks=notebooks, show_progress=not args.quiet)
    except ContentError as exc:
        return _fail_content(exc.problems)
    console = Console(stderr=False, highlight=False)
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


def cmd_lab(args) -> int:
    from olivia_training.lab import run_lab

    return run_lab(workspace=args.workspace, port=args.port, open_browser=not args.no_browser,
                   facilitator=args.facilitator, content=args.content)


COMMANDS = {"check": cmd_check, "build": cmd_build, "lab": cmd_lab}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
