"""olivia-training hub-env: a world-readable environment for hub participants' servers."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "hub-env"
HELP = "hub operators: make the participants' environment (participant edition + JupyterHub)"
ORDER = 83


def add_arguments(parser) -> None:
    parser.add_argument("target", metavar="DIR", help="where to make it, e.g. /opt/olivia-hub/user")
    parser.add_argument("--python", default="/usr/bin/python3", metavar="PYTHON",
                        help="a Python every user can run (default /usr/bin/python3)")
    parser.add_argument("--wheel", metavar="FILE", help="a participant wheel (default: build one now)")


def run(args) -> int:
    import tempfile

    from olivia_training.hub.edition import EditionError, make_env, participant_wheel

    try:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = Path(args.wheel) if args.wheel else participant_wheel(Path(tmp))
            target = make_env(Path(args.target), wheel, args.python)
    except EditionError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Participants' environment ready: {target} (single-user command: "
          f"{target / 'bin' / 'olivia-hub-singleuser'})")
    return 0
