"""olivia-training cohort-create: the accounts for one cohort on the workshop hub (operator, as root)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "cohort-create"
HELP = "hub operators: create a cohort's accounts and print name-free account slips (as root)"
ORDER = 80

EPILOG = """\
Run on the hub machine, as root, before the day. It creates one Unix group for the cohort,
one system user per account (home of mode 0700, no login shell), the cohort file the hub
reads its allowlist from, the operator's token, and a page of account slips to print.
Then restart the hub so it reads the new cohort (under TLJH: tljh-config reload hub).
"""


def add_arguments(parser) -> None:
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("--participants", type=int, required=True, metavar="N", help="participant accounts")
    parser.add_argument("--facilitators", type=int, default=1, metavar="N",
                        help="facilitator accounts (default 1; never admins)")
    parser.add_argument("--prefix", default="olv", help="start of the group and usernames (default olv)")
    parser.add_argument("--state", metavar="DIR",
                        help="the hub's cohort folder (default OLIVIA_HUB_STATE or /srv/olivia-hub)")
    parser.add_argument("--slips", default="account-slips.html", metavar="FILE",
                        help="where to write the account slips (default account-slips.html)")
    parser.add_argument("--hub-url", default="", metavar="URL", help="the address to print on the slips")
    parser.add_argument("--home-base", default="/home", metavar="DIR", help="where homes go (default /home)")
    parser.add_argument("--service-user", default="olivia-cohort", metavar="NAME",
                        help="the system user the cohort service runs as (default olivia-cohort)")


def run(args) -> int:
    import os

    from olivia_training.atomic import atomic_write_text
    from olivia_training.hub.accounts import (
        AccountError,
        create_accounts,
        ensure_operator_token,
        ensure_service_user,
        prepare_state,
    )
    from olivia_training.hub.cohort import (
        COHORT_FILE,
        CohortError,
        new_cohort,
        read_cohort,
        slips_html,
        state_dir,
    )

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("cohort-create makes system users: run it as root on the hub machine.", file=sys.stderr)
        return 2
    state = state_dir(args.state)
    try:
        if read_cohort(state) is not None:
            print(f"{state / COHORT_FILE} already holds a cohort: end it first with "
                  "`olivia-training cohort-end`.", file=sys.stderr)
            return 2
        import grp
        import pwd

        taken = {u.pw_name for u in pwd.getpwall()} | {g.gr_name for g in grp.getgrall()}
        cohort = new_cohort(args.participants, args.facilitators, args.prefix, taken)
    except CohortError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        service_user = ensure_service_user(args.service_user)
        prepare_state(state, service_user)
        ensure_operator_token(state)
        create_accounts(cohort, Path(args.home_base))
    except AccountError as exc:
        print(f"Could not create the cohort: {exc}", file=sys.stderr)
        return 1
    atomic_write_text(state / COHORT_FILE, cohort.to_json(), 0o644)
    slips = Path(args.slips)
    atomic_write_text(slips, slips_html(cohort, args.hub_url), 0o600)
    print(f"Cohort {cohort.cohort}: {len(cohort.participants)} participant and "
          f"{len(cohort.facilitators)} facilitator accounts in Unix group {cohort.group}.")
    print(f"Account slips (no names on them): {slips.resolve()}")
    print("Now restart the hub so it reads the cohort (under TLJH: tljh-config reload hub).")
    return 0
