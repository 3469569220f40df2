"""olivia-training build: the participant and facilitator handouts, their PDFs, the pages for
team meetings and the facilitator's slide decks."""

from __future__ import annotations

import sys
from pathlib import Path

from olivia_training.commands._common import content_arg

NAME = "build"
HELP = "build the participant and facilitator handouts, their PDFs and the slide decks"
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
    parser.add_argument("--no-pdf", action="store_true",
                        help="make no PDFs (by default they are printed with Edge, Chrome or "
                             "Chromium, if one is installed; OLIVIA_CHROMIUM names one)")
    slides = parser.add_mutually_exclusive_group()
    slides.add_argument("--no-slides", action="store_true",
                        help="make no slide decks (by default the facilitator's PowerPoint decks "
                             "are made beside the facilitator edition)")
    slides.add_argument("--slides-template", metavar="FILE.pptx",
                        help="a PowerPoint file whose master slides and layouts (logo, colours, "
                             "fonts) the slide decks use")
    content_arg(parser)


def run(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from olivia_training.handouts.build import build
    from olivia_training.handouts.slides import TemplateError

    notebooks = sorted(Path(args.notebooks).glob("*.ipynb")) if args.notebooks else None
    if notebooks == []:
        print(f"{args.notebooks}: no notebooks found", file=sys.stderr)
        return 2
    try:
        report = build(Path(args.out), jobs=args.jobs, use_cache=not args.no_cache,
                       content=args.content, notebooks=notebooks, show_progress=not args.quiet,
                       pdf=not args.no_pdf, slides=not args.no_slides,
                       slides_template=args.slides_template)
    except TemplateError as exc:
        print(f"--slides-template {exc}", file=sys.stderr)
        return 2
    console = Console(highlight=False)
    table = Table(title="Handouts")
    for column in ("notebook", "status", "seconds", "title or error"):
        table.add_column(column)
    for o in report.outcomes:
        table.add_row(o.stem, o.status, f"{o.seconds:.1f}", o.error or o.title)
    console.print(table)
    if report.slides:
        names = ", ".join(p.name for p in report.slides)
        console.print(f"Slides ({report.slides_status}): {names}, in {report.out / 'facilitator'}")
    pdfs = report.pdfs
    if pdfs is not None and pdfs.status == "made":
        made = pdfs.printed + pdfs.reused
        console.print(f"PDFs: {made} beside the HTML ({pdfs.printed} printed, {pdfs.reused} unchanged) "
                      f"in {pdfs.seconds:.1f} s")
    elif pdfs is not None and pdfs.status in ("skipped", "failed"):
        # One line, on stdout: the HTML is complete, and this says how to get the PDFs too.
        print(f"PDFs skipped: {pdfs.message}")
    for warning in pdfs.warnings if pdfs else []:
        print(f"Warning: {warning}", file=sys.stderr)
    console.print(f"Built in {report.seconds:.1f} s: open {report.out / 'index.html'}")
    for o in report.failed:
        print(f"FAILED {o.stem}: {o.error}", file=sys.stderr)
    for where, error in pdfs.failed if pdfs else []:
        print(f"FAILED {where}: {error}", file=sys.stderr)
    return 1 if report.failed or (pdfs and pdfs.failed) else 0
