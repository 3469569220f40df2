"""olivia-training cohort-end: keep the cohort report, then delete everything personal (operator, as root)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "cohort-end"
HELP = "hub operators: write the cohort report, then delete the cohort's accounts, homes and data (as root)"
ORDER = 81

EPILOG = """\
Run on the hub machine, as root, after the day, once participants have kept their CPD record
(notebook 07). It writes the cohort evaluation report, lists everything it will delete and
asks first (--yes skips the question). It deletes the cohort's hub accounts (through the hub's
API, with the operator's token), their passwords, their system users and home folders, the
cohort's Unix group and the cohort service's data. It refuses to touch any user that is not
in the cohort's Unix group. Hub and proxy logs, the system journal and VM snapshots may still
hold usernames and times: see deploy/jupyterhub/README.md for clearing those.
"""


def add_arguments(parser) -> None:
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("--state", metavar="DIR",
                        help="the hub's cohort folder (default OLIVIA_HUB_STATE or /srv/olivia-hub)")
    parser.add_argument("--report", default="cohort-report.html", metavar="FILE",
                        help="where to write the cohort report (default cohort-report.html)")
    parser.add_argument("--hub-url", default="http://127.0.0.1:8000", metavar="URL",
                        help="the hub's address from this machine (default http://127.0.0.1:8000)")
    parser.add_argument("--yes", action="store_true", help="do not ask before deleting")


def run(args) -> int:
    import os

    from olivia_training.atomic import atomic_write_text
    from olivia_training.hub.accounts import (
        delete_accounts,
        delete_hub_users,
        operator_token,
        plan_end,
    )
    from olivia_training.hub.cohort import SERVICE_DIR, CohortError, read_cohort, state_dir
    from olivia_training.hub.store import cohort_report, read_evaluations

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("cohort-end deletes system users: run it as root on the hub machine.", file=sys.stderr)
        return 2
    state = state_dir(args.state)
    try:
        cohort = read_cohort(state)
    except CohortError as exc:
        print(exc, file=sys.stderr)
        return 2
    if cohort is None:
        print(f"No cohort in {state}: nothing to end.", file=sys.stderr)
        return 2
    plan = plan_end(cohort, state)
    if plan.refused:
        for reason in plan.refused:
            print(reason, file=sys.stderr)
        print("Nothing was deleted.", file=sys.stderr)
        return 2
    token = operator_token(state)
    if not token:
        print(f"No operator token in {state}; was the cohort made with cohort-create?", file=sys.stderr)
        return 2

    page, count = cohort_report(read_evaluations(state / SERVICE_DIR))
    report = Path(args.report)
    atomic_write_text(report, page, 0o600)
    print(f"Cohort report ({count} evaluation{'s' * (count != 1)}) written to {report.resolve()}")
    print("This will delete:")
    for line in plan.lines():
        print(line)
    if not args.yes:
        try:
            answer = input("Delete all of this now? Type yes to go on: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            print("Nothing was deleted.")
            return 1
    problems = delete_hub_users(args.hub_url, token, cohort.usernames)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("The hub accounts could not all be deleted, so nothing else was: start the hub "
              "(or give --hub-url) and run cohort-end again.", file=sys.stderr)
        return 1
    problems = delete_accounts(plan)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Cohort {cohort.cohort} ended: {len(cohort.usernames)} accounts deleted"
          + (f", with {len(problems)} problems above." if problems else "."))
    print("Restart the hub so it forgets the old allowlist (under TLJH: tljh-config reload hub).")
    return 1 if problems else 0
