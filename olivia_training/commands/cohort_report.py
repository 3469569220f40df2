"""olivia-training cohort-report: the facilitator's report over the cohort's evaluations."""

from __future__ import annotations

import glob
import sys
from pathlib import Path

from olivia_training.commands._common import content_arg

NAME = "cohort-report"
HELP = "report a cohort's evaluation files (confidence before and after) for the facilitator"
ORDER = 70
DEFAULT_OUT = "cohort-report.html"

EPILOG = """\
FILE may be an evaluation file from `olivia-training evaluation-export` (.json), a CSV typed
up from the paper evaluation form (.csv, one row per participant), a folder holding such
files, or a pattern such as evaluations/*.json (also on Windows).

CSV columns, in any order (write an empty one with --csv-template):
  session               the session code (may be blank)
  before_q-cse, before_q-sunrise, before_q-escalation, before_q-voice
                        the "before" rating for each question: 1 to 5, blank if not rated
  after_q-cse, after_q-sunrise, after_q-escalation, after_q-voice
                        the "after" rating for each question: 1 to 5, blank if not rated
  notebooks_completed   two-digit notebook numbers separated by spaces, e.g. 00 01 07
  comments              only comments the participant agreed to share (may be blank)

A file (or CSV row) that cannot be used is skipped with one line saying why; the others
are still reported, and the exit code is then 1.
"""


def add_arguments(parser) -> None:
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("files", nargs="*", metavar="FILE", help="evaluation files (.json or .csv)")
    parser.add_argument("--out", default=DEFAULT_OUT, metavar="FILE",
                        help=f"where to write the report (default: {DEFAULT_OUT})")
    parser.add_argument("--session", metavar="CODE",
                        help="report only this session; files from other sessions are skipped")
    parser.add_argument("--csv-template", metavar="FILE",
                        help="write an empty CSV with the right columns, for typing up paper forms")
    content_arg(parser)


def expand(arguments: list[str]) -> list[Path]:
    """Folders become the .json and .csv files in them; patterns are expanded here, since
    Windows shells pass `*.json` on as it is."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in (".json", ".csv"))
        elif not path.exists() and glob.has_magic(argument):
            matches = sorted(glob.glob(argument))
            paths += [Path(m) for m in matches] if matches else [path]
        else:
            paths.append(path)
    return paths


def run(args) -> int:
    from olivia_training.atomic import atomic_write_text
    from olivia_training.content import load
    from olivia_training.reports.answers import pack_notebooks
    from olivia_training.reports.cohort import load_evaluations, render_cohort, summarise
    from olivia_training.reports.evaluation import csv_template, normalise_session

    workshop = load("workshop", args.content)
    question_ids = [q.id for q in workshop.questions]
    if args.csv_template:
        atomic_write_text(Path(args.csv_template), csv_template(question_ids))
        print(f"Empty evaluation CSV written to {Path(args.csv_template).resolve()}")
        if not args.files:
            return 0
    if not args.files:
        print("Give at least one evaluation file (or a folder of them).", file=sys.stderr)
        return 2
    try:
        session = normalise_session(args.session)
    except ValueError as exc:
        print(f"--session: {exc}", file=sys.stderr)
        return 2

    paths = expand(args.files)
    evaluations, skipped = load_evaluations(paths, question_ids, session)
    for item in skipped:
        print(item.line(), file=sys.stderr)
    cohort = summarise(evaluations, workshop.questions, pack_notebooks(), skipped)
    out = Path(args.out)
    try:
        atomic_write_text(out, render_cohort(cohort, workshop.title, session))
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Cohort report for {cohort.n} participant{'s' * (cohort.n != 1)} written to {out.resolve()}"
          + (f"; {len(skipped)} skipped" if skipped else ""))
    return 1 if skipped else 0
