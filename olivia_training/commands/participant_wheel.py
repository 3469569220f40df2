"""olivia-training participant-wheel: the pack without any facilitator content, for a hub."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "participant-wheel"
HELP = "hub operators: build the participant edition wheel (no answer keys, notes or guide)"
ORDER = 82


def add_arguments(parser) -> None:
    parser.add_argument("--out", default="dist", metavar="DIR",
                        help="where to write the wheel (default dist)")


def run(args) -> int:
    from olivia_training.hub.edition import EditionError, participant_wheel

    try:
        wheel = participant_wheel(Path(args.out))
    except EditionError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(wheel.resolve())
    return 0
