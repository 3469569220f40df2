#!/usr/bin/env python3
"""A cohort's accounts for Zero to JupyterHub: the cohort file and the account slips.

    .venv/bin/python deploy/jupyterhub/z2jh/make_cohort.py --participants 120 --facilitators 3 \\
        --out build/cohort --hub-url https://olivia-hub.example.org

On Kubernetes each participant's server is its own container, so there are no system users
to make: this writes only what `olivia-training cohort-create` writes besides them, with the
same random, name-free usernames. Install the chart with
`--set-file hub.extraFiles.olivia-cohort.stringData=build/cohort/cohort.json`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, required=True, metavar="N")
    parser.add_argument("--facilitators", type=int, default=1, metavar="N")
    parser.add_argument("--prefix", default="olv", help="start of the usernames (default olv)")
    parser.add_argument("--out", required=True, metavar="DIR", help="where cohort.json and the slips go")
    parser.add_argument("--hub-url", default="", metavar="URL", help="the address to print on the slips")
    return parser


def main(argv: list[str] | None = None) -> int:
    from olivia_training.atomic import atomic_write_text
    from olivia_training.hub.cohort import COHORT_FILE, CohortError, new_cohort, slips_html

    args = parser().parse_args(argv)

    out = Path(args.out)
    if (out / COHORT_FILE).exists():
        print(f"{out / COHORT_FILE} already exists: a cohort's accounts are made once", file=sys.stderr)
        return 2
    try:
        cohort = new_cohort(args.participants, args.facilitators, args.prefix)
    except CohortError as exc:
        print(exc, file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    atomic_write_text(out / COHORT_FILE, cohort.to_json(), 0o600)
    atomic_write_text(out / "account-slips.html", slips_html(cohort, args.hub_url), 0o600)
    print(f"Cohort {cohort.cohort}: {len(cohort.participants)} participant and {len(cohort.facilitators)} "
          f"facilitator accounts in {out / COHORT_FILE}; print {out / 'account-slips.html'}, then delete it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
