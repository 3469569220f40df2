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
    parser.add_argument("--facilitator", action="store_true",
                        help="copy the notebooks with their facilitator cells (for facilitators)")
    content_arg(parser)


def run(args) -> int:
    from olivia_training.lab import run_lab

    return run_lab(workspace=args.workspace, port=args.port, open_browser=not args.no_browser,
                   facilitator=args.facilitator, content=args.content)
