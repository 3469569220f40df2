"""The `olivia-training` command: subcommands are the modules in olivia_training/commands."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from olivia_training import __version__, commands


def _commands() -> dict:
    found = {}
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        found[module.NAME] = module
    return dict(sorted(found.items(), key=lambda kv: (getattr(kv[1], "ORDER", 100), kv[0])))


def _parser(found: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="olivia-training",
        description="The Olivia trauma-informed practice training pack.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in found.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    from olivia_training.startup import lean_start

    lean_start()  # see startup.py: 2 s less before `lab` copies its notebooks or `build` runs
    found = _commands()
    args = _parser(found).parse_args(argv)
    from olivia_training.commands._common import print_problems
    from olivia_training.content.loader import ContentError

    try:
        return found[args.command].run(args)
    except ContentError as exc:  # every command: one line per problem, exit 2, no traceback
        return print_problems(exc.problems)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
