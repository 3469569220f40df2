"""olivia-training evaluation-export: your anonymous evaluation, for the facilitator."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from olivia_training.commands._common import content_arg, workspace_arg

NAME = "evaluation-export"
HELP = "write your anonymous evaluation (confidence before and after) for the facilitator"
ORDER = 60


def add_arguments(parser) -> None:
    workspace_arg(parser)
    parser.add_argument("--session", metavar="CODE",
                        help="the session code your facilitator gave you")
    parser.add_argument("--out", required=True, metavar="FILE.json", help="where to write the file")
    content_arg(parser)


def run(args) -> int:
    from olivia_training.atomic import atomic_write_text
    from olivia_training.content import load
    from olivia_training.paths import workspace_dir
    from olivia_training.reports.evaluation import export_evaluation, normalise_session
    from olivia_training.responses import ResponseStore

    try:
        session = normalise_session(args.session)
    except ValueError as exc:
        print(f"--session: {exc}", file=sys.stderr)
        return 2
    questions = [q.id for q in load("workshop", args.content).questions]
    store = ResponseStore(workspace_dir(args.workspace))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export = export_evaluation(store, questions, session)
    for warning in caught:
        print(f"Warning: {warning.message}", file=sys.stderr)
    out = Path(args.out)
    try:
        atomic_write_text(out, export.text())
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    rated = sum(1 for pair in export.data["confidence"].values() for v in pair.values() if v)
    print(f"Evaluation written to {out.resolve()}")
    print(f"It holds {rated} of {2 * len(questions)} confidence ratings, the notebooks you ticked, "
          f"{'your comments' if 'comments' in export.data else 'no comments'}, and no name.")
    if session is None:
        print("No session code: add --session CODE if your facilitator gave you one.")
    for note in export.notes:
        print(note)
    return 0
