"""olivia-training cpd: the participant's CPD record, as one printable HTML page, and a PDF
beside it (for uploading as CPD evidence) when Edge, Chrome or Chromium is installed."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from olivia_training.commands._common import content_arg, workspace_arg
from olivia_training.reports.files import CPD_FILE as DEFAULT_NAME

NAME = "cpd"
HELP = "write your continuing professional development (CPD) record from your saved answers"
ORDER = 50


def _hours(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of hours: {text!r}") from None
    if not 0 < value <= 24:
        raise argparse.ArgumentTypeError("hours must be more than 0 and at most 24")
    return value


def _day(text: str) -> date:
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2025-03-12: {text!r}") from None


def add_arguments(parser) -> None:
    workspace_arg(parser)
    parser.add_argument("--out", metavar="FILE",
                        help=f"where to write the record (default: {DEFAULT_NAME} in the workshop folder)")
    parser.add_argument("--hours", type=_hours, metavar="H",
                        help="hours of learning to record (default: the workshop's, 3.5)")
    parser.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                        help="date of the workshop (default: the day you last saved an answer)")
    parser.add_argument("--no-pdf", action="store_true",
                        help="write only the HTML record (by default a PDF is printed beside it "
                             "with Edge, Chrome or Chromium, if one is installed)")
    content_arg(parser)


def run(args) -> int:
    from olivia_training.paths import workspace_dir
    from olivia_training.reports.files import write_cpd_record
    from olivia_training.responses import ResponseStore

    store = ResponseStore(workspace_dir(args.workspace))
    out = Path(args.out) if args.out else store.workspace / DEFAULT_NAME
    try:
        written = write_cpd_record(store, out, hours=args.hours, day=args.date, content=args.content)
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    record = written.report
    for warning in written.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(f"CPD record written to {written.path.resolve()}")
    print(f"{record.completed} of {len(record.questions)} reflections completed. "
          "Open it in a web browser to read or print it.")
    if record.warning_kinds:
        print(f"Check it: text that looks like {', '.join(record.warning_kinds)} was left out. "
              "Use only the training case.", file=sys.stderr)
    return 0 if args.no_pdf else _pdf(out)


def _pdf(html: Path) -> int:
    """The record as a PDF beside it. No browser: one line saying how to get one, exit 0."""
    from olivia_training.handouts.pdf import BrowserError, find_browser, not_found_message, print_one
    from olivia_training.responses import PRIVATE

    browser = find_browser()
    if browser is None:
        print(f"No PDF made: {not_found_message()}; or print the HTML record to PDF from your browser.")
        return 0
    target = html.with_suffix(".pdf")
    try:
        print_one(html, target, browser=browser, mode=PRIVATE)
    except (BrowserError, RuntimeError, OSError) as exc:
        print(f"Could not make the PDF: {exc}", file=sys.stderr)
        return 1
    print(f"PDF written to {target.resolve()}")
    return 0
