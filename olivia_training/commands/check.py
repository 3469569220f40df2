"""olivia-training check: validate every content file."""

from __future__ import annotations

from olivia_training.commands._common import content_arg, print_problems

NAME = "check"
HELP = "validate every content file"
ORDER = 10


def add_arguments(parser) -> None:
    content_arg(parser)


def run(args) -> int:
    from olivia_training.content import check_all

    count, problems = check_all(args.content)
    if problems:
        return print_problems(problems)
    print(f"OK: {count} content files valid.")
    return 0
