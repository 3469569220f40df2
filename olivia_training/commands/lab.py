"""olivia-training lab: open the workshop in JupyterLab."""

from __future__ import annotations

from olivia_training.commands._common import content_arg, workspace_arg

NAME = "lab"
HELP = "open the workshop in JupyterLab"
ORDER = 30


def add_arguments(parser) -> None:
    workspace_arg(parser)
    parser.add_argument("--port", type=int, default=0, metavar="N", help="port (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--copy-only", action="store_true",
                        help="copy the notebooks into the workspace and stop (e.g. for a shared JupyterHub)")
    parser.add_argument("--facilitator", action="store_true",
                        help="copy the notebooks with their facilitator cells (for facilitators)")
    content_arg(parser)


def run(args) -> int:
    from olivia_training.lab import run_lab, sync_notebooks
    from olivia_training.paths import workspace_dir

    if args.copy_only:
        ws = workspace_dir(args.workspace)
        report = sync_notebooks(ws, facilitator=args.facilitator)
        print(f"{ws}: copied {len(report['copied'])}, unchanged {len(report['unchanged'])}, "
              f"kept {len(report['kept'])} edited (newer versions offered beside them)")
        return 0

    return run_lab(workspace=args.workspace, port=args.port, open_browser=not args.no_browser,
                   facilitator=args.facilitator, content=args.content)
