"""A cohort: its accounts, the file the hub reads them from, and the account slips.

Usernames are random and carry nothing about the person who gets one: the operator prints
name-free slips and hands them out at the door. With FirstUseAuthenticator the username is
the first-use code: the first person to log in with it sets its password.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

STATE_ENV = "OLIVIA_HUB_STATE"
DEFAULT_STATE = Path("/srv/olivia-hub")
COHORT_FILE = "cohort.json"
OPERATOR_TOKEN_FILE = "operator-token"
PASSWORDS_DBM = "passwords.dbm"
SERVICE_DIR = "cohort-service"

SCHEMA = "olivia-hub-cohort"
SCHEMA_VERSION = 1

# Lower-case letters and digits without look-alikes (0/o, 1/l/i): easy to type from paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8  # 31**8 ~ 8.5e11: not guessable before the participant's first login
PREFIX_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,7}$")
# What Debian's useradd accepts, and JupyterHub keeps as it is (already normalised).
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
MAX_ACCOUNTS = 500


class CohortError(ValueError):
    """The cohort file or a request about it is not usable; the message says why."""


def state_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--state DIR`, then OLIVIA_HUB_STATE, then /srv/olivia-hub."""
    if override:
        return Path(override)
    env = os.environ.get(STATE_ENV)
    return Path(env) if env else DEFAULT_STATE


def random_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


@dataclass
class Cohort:
    """One cohort: a Unix group and the hub users in it. Facilitators are in the group too,
    so ending the cohort removes their accounts as well."""

    cohort: str
    group: str
    participants: list[str]
    facilitators: list[str] = field(default_factory=list)
    created: str = ""

    @property
    def usernames(self) -> list[str]:
        return [*self.participants, *self.facilitators]

    def to_json(self) -> str:
        return json.dumps({"schema": SCHEMA, "schema_version": SCHEMA_VERSION,
                           "cohort": self.cohort, "group": self.group,
                           "participants": self.participants, "facilitators": self.facilitators,
                           "created": self.created}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = COHORT_FILE) -> Cohort:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CohortError(f"{source}: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise CohortError(f"{source}: not an Olivia hub cohort file")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise CohortError(f"{source}: schema_version must be {SCHEMA_VERSION}")
        names: dict[str, list[str]] = {}
        for key in ("participants", "facilitators"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
                raise CohortError(f"{source}: {key}: must be a list of usernames")
            bad = [n for n in value if not USERNAME_PATTERN.match(n)]
            if bad:
                raise CohortError(f"{source}: {key}: not a valid username: {bad[0]!r}")
            names[key] = value
        group = data.get("group")
        if not isinstance(group, str) or not USERNAME_PATTERN.match(group):
            raise CohortError(f"{source}: group: must be a Unix group name")
        everyone = names["participants"] + names["facilitators"]
        if len(set(everyone)) != len(everyone):
            raise CohortError(f"{source}: a username appears twice")
        if group in everyone:
            raise CohortError(f"{source}: group: must differ from every username")
        return cls(str(data.get("cohort", "")), group, names["participants"], names["facilitators"],
                   str(data.get("created", "")))


def new_cohort(participants: int, facilitators: int = 0, prefix: str = "olv",
               taken: set[str] | frozenset[str] = frozenset()) -> Cohort:
    """Fresh random names. `taken`: names already on the machine, never reused.

    Group `olv7k3m`; participants `olv7k3m-k7m2q9xt`; facilitators `olv7k3m-f-k7m2q9xt`, so the
    operator can tell the two kinds of slip apart without any name on them.
    """
    if not PREFIX_PATTERN.match(prefix):
        raise CohortError("the prefix is 1 to 8 lower-case letters or digits, starting with a letter")
    if participants < 1 or facilitators < 0 or participants + facilitators > MAX_ACCOUNTS:
        raise CohortError(f"a cohort has 1 to {MAX_ACCOUNTS} accounts")
    taken = set(taken)
    cohort_id = random_code(4)
    while f"{prefix}{cohort_id}" in taken:
        cohort_id = random_code(4)
    group = f"{prefix}{cohort_id}"
    taken.add(group)

    def fresh(kind: str) -> str:
        while True:
            name = f"{group}-{kind}{random_code()}"
            if name not in taken:
                taken.add(name)
                return name

    return Cohort(cohort_id, group, [fresh("") for _ in range(participants)],
                  [fresh("f-") for _ in range(facilitators)],
                  datetime.now(timezone.utc).isoformat(timespec="seconds"))


def read_cohort(folder: Path) -> Cohort | None:
    """The cohort in `folder`, None when there is none (the hub then lets nobody in)."""
    path = Path(folder) / COHORT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Cohort.from_json(text, str(path))


SLIP_CSS = """
.olivia-slips { list-style: none; padding: 0; }
.olivia-slip { border: 2px dashed #444; padding: 0.5em 1em; margin: 0 0 1em; break-inside: avoid; }
.olivia-slip-username { font-family: monospace; font-size: 1.4em; letter-spacing: 0.05em; }
@media print { .olivia-no-print { display: none; } }
"""


def slips_html(cohort: Cohort, hub_url: str = "") -> str:
    """The account slips to print and cut: one username per slip, no names, no passwords."""
    from markupsafe import Markup

    from olivia_training import __version__
    from olivia_training.html import pack_css, render

    slips = [{"username": n, "role": "Participant"} for n in cohort.participants]
    slips += [{"username": n, "role": "Facilitator"} for n in cohort.facilitators]
    return render("hub/slips.html.j2", title=f"Account slips: cohort {cohort.cohort}",
                  css=pack_css() + Markup(SLIP_CSS),
                  edition_label="Account slips: hand one to each person; keep no list of who got which",
                  edition_class="", version=__version__,
                  generated=datetime.now().strftime("%d/%m/%Y %H:%M"),
                  cohort=cohort, slips=slips, hub_url=hub_url)
