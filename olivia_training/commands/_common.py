"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse
import sys


def content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR",
                        help="content folder to use instead of the pack's exercises/ "
                             "(overrides OLIVIA_CONTENT_DIR)")


def workspace_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", metavar="DIR",
                        help="the participant's folder (default: OLIVIA_WORKSPACE or ~/olivia-workshop)")


def print_problems(problems) -> int:
    """Content problems: one line each on stderr, exit code 2, never a traceback."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2
