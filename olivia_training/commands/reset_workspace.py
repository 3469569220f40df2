"""olivia-training reset-workspace: delete a workshop folder's answers (shared laptops)."""

from __future__ import annotations

import sys

from olivia_training.commands._common import workspace_arg

NAME = "reset-workspace"
HELP = "delete the saved answers in a workshop folder, e.g. between cohorts on a shared laptop"
ORDER = 40


def add_arguments(parser) -> None:
    workspace_arg(parser)
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _describe(plan) -> list[str]:
    lines = []
    if plan.answer_files:
        lines.append(f"{plan.answers} saved answer{'s' * (plan.answers != 1)} "
                     f"({plan.answer_files} files, with backups) in {plan.workspace / 'answers'}")
    for path in plan.exports:
        lines.append(f"{path.name} (made from the answers)")
    if plan.notebooks:
        lines.append(f"{len(plan.notebooks)} notebook cop{'ies' if len(plan.notebooks) != 1 else 'y'}, "
                     "whose saved outputs can hold answers (fresh copies come with the next "
                     "`olivia-training lab`)")
    return lines


def run(args) -> int:
    from olivia_training.lab import plan_reset, reset_workspace
    from olivia_training.paths import workspace_dir

    workspace = workspace_dir(args.workspace)
    try:
        plan = plan_reset(workspace)
    except ValueError as exc:
        print(f"Not resetting: {exc}.", file=sys.stderr)
        return 2
    if plan.empty:
        print(f"Nothing to delete: {workspace} holds no saved answers.")
        return 0
    print(f"This deletes, from {workspace}:")
    for line in _describe(plan):
        print(f"  - {line}")
    print("Other files in the folder are left alone. This cannot be undone.")
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            print("Not deleted: run it again with --yes to confirm.", file=sys.stderr)
            return 1
        try:
            answer = input("Delete them? Type yes to confirm: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("yes", "y"):
            print("Nothing was deleted.")
            return 1
    reset_workspace(plan)
    print(f"Deleted {plan.answers} saved answer{'s' * (plan.answers != 1)}, "
          f"{len(plan.exports)} exported file{'s' * (len(plan.exports) != 1)} and "
          f"{len(plan.notebooks)} notebook cop{'ies' if len(plan.notebooks) != 1 else 'y'} from {workspace}.")
    return 0
