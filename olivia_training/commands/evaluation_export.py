"""olivia-training evaluation-export: your anonymous evaluation, for the facilitator."""

from __future__ import annotations

import sys
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
    from olivia_training.paths import workspace_dir
    from olivia_training.reports.evaluation import BadSession
    from olivia_training.reports.files import write_evaluation
    from olivia_training.responses import ResponseStore

    store = ResponseStore(workspace_dir(args.workspace))
    out = Path(args.out)
    try:
        written = write_evaluation(store, out, session=args.session, content=args.content)
    except BadSession as exc:
        print(f"--session: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    export = written.report
    for warning in written.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    ratings = export.data["confidence"]
    rated = sum(1 for pair in ratings.values() for v in pair.values() if v)
    print(f"Evaluation written to {written.path.resolve()}")
    print(f"It holds {rated} of {2 * len(ratings)} confidence ratings, the notebooks you ticked, "
          f"{'your comments' if 'comments' in export.data else 'no comments'}, and no name.")
    if export.data["session"] is None:  # neither --session nor one saved in notebook 07
        print("No session code: add --session CODE if your facilitator gave you one.")
    for note in export.notes:
        print(note)
    return 0
