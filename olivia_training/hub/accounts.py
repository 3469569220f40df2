"""Unix accounts for a cohort, and the plan for deleting them at the end of the day.

Every participant is a separate system user with a home of mode 0700, all in one Unix group
for the cohort: isolation comes from the operating system, not from the pack. The
end-of-cohort plan is pure logic over what `pwd`/`grp` report (tests pass their own lookup),
and it refuses the whole plan if any account it was asked to delete is not in the cohort's
group, so a tampered or stale cohort file can never delete anyone else.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.hub.cohort import (
    COHORT_FILE,
    OPERATOR_TOKEN_FILE,
    PASSWORDS_DBM,
    SERVICE_DIR,
    Cohort,
)

NOLOGIN = "/usr/sbin/nologin"
FIRST_ORDINARY_UID = 1000  # below this are the system's own accounts: never touched
HOME_MODE = 0o700


class AccountError(RuntimeError):
    """A system command failed; the message names the account and the command's reason."""


@dataclass(frozen=True)
class SystemUser:
    name: str
    uid: int
    gid: int  # primary group
    home: Path
    groups: frozenset[str] = frozenset()  # supplementary groups


def lookup_user(name: str) -> SystemUser | None:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    groups = frozenset(g.gr_name for g in grp.getgrall() if name in g.gr_mem)
    return SystemUser(name, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir), groups)


def lookup_group(name: str) -> int | None:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        return None


def _run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise AccountError(f"{' '.join(command)}: {reason[-1] if reason else f'exit {result.returncode}'}")


# -- creating ----------------------------------------------------------------------------------
def create_accounts(cohort: Cohort, home_base: Path = Path("/home")) -> list[SystemUser]:
    """The cohort's group, then one system user per account: its own 0700 home, no login
    shell (participants never get a terminal), no password (they log in through the hub)."""
    if lookup_group(cohort.group) is not None:
        raise AccountError(f"group {cohort.group} already exists; choose another prefix")
    for name in cohort.usernames:
        if lookup_user(name) is not None:
            raise AccountError(f"user {name} already exists; nothing was created")
    _run("groupadd", cohort.group)
    created = []
    try:
        for name in cohort.usernames:
            home = Path(home_base) / name
            _run("useradd", "--create-home", "--home-dir", str(home), "--gid", cohort.group,
                 "--shell", NOLOGIN, "--comment", "", name)
            os.chmod(home, HOME_MODE)
            created.append(lookup_user(name))
    except BaseException:
        for user in created:  # leave nothing half-made
            subprocess.run(["userdel", "--remove", user.name], capture_output=True)
        subprocess.run(["groupdel", cohort.group], capture_output=True)
        raise
    return created


def ensure_service_user(name: str) -> SystemUser:
    """The unprivileged system user the cohort service runs as: no home, no shell."""
    user = lookup_user(name)
    if user is None:
        _run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", NOLOGIN, "--user-group", name)
        user = lookup_user(name)
    if user.uid == 0:
        raise AccountError(f"{name} is root; the cohort service never runs as root")
    return user


def prepare_state(state: Path, service_user: SystemUser) -> None:
    """The state folder: readable by the hub (root), the service's own 0700 folder inside."""
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o755)
    service = state / SERVICE_DIR
    service.mkdir(exist_ok=True)
    os.chown(service, service_user.uid, service_user.gid)
    os.chmod(service, 0o700)


# -- ending ------------------------------------------------------------------------------------
@dataclass
class EndPlan:
    """What ending the cohort deletes. `refused` non-empty means: delete nothing."""

    cohort: Cohort
    state: Path
    users: list[SystemUser] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # listed, but no system user (hub entry only)
    refused: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # service data, password store, cohort file

    def lines(self) -> list[str]:
        out = [f"Cohort {self.cohort.cohort} (Unix group {self.cohort.group}):",
               f"  {len(self.cohort.usernames)} hub accounts and their passwords "
               f"({len(self.cohort.participants)} participants, "
               f"{len(self.cohort.facilitators)} facilitators)"]
        out += [f"  system user {u.name} and its home {u.home} (everything in it)" for u in self.users]
        out += [f"  hub account {n} (it has no system user)" for n in self.missing]
        out += [f"  {p}" for p in self.files]
        return out


def plan_end(cohort: Cohort, state: Path, *,
             user: Callable[[str], SystemUser | None] = lookup_user,
             group: Callable[[str], int | None] = lookup_group) -> EndPlan:
    """Every account must be an ordinary user in the cohort's group, with a home of its own;
    otherwise the plan is refused whole, naming each account that is not."""
    plan = EndPlan(cohort, Path(state))
    gid = group(cohort.group)
    for name in cohort.usernames:
        found = user(name)
        if found is None:
            plan.missing.append(name)
            continue
        if gid is None or (found.gid != gid and cohort.group not in found.groups):
            plan.refused.append(f"{name} is not in the cohort's group {cohort.group}: refusing to touch it")
        elif found.uid < FIRST_ORDINARY_UID:
            plan.refused.append(f"{name} is a system account (uid {found.uid}): refusing to touch it")
        elif found.home.resolve() in (Path("/"), Path("/root"), Path("/home")) or found.home.name != name:
            plan.refused.append(f"{name} has the home {found.home}, not a folder of its own: refusing")
        else:
            plan.users.append(found)
    for path in (state / SERVICE_DIR, state / COHORT_FILE):
        if path.exists():
            plan.files.append(path)
    plan.files += password_store_files(state)
    return plan


def password_store_files(state: Path) -> list[Path]:
    return sorted(p for p in Path(state).glob(PASSWORDS_DBM + "*") if p.is_file())


def forget_passwords(state: Path, usernames: list[str]) -> int:
    """Remove the cohort's entries from FirstUseAuthenticator's password store (the hub
    also removes each on account deletion; this catches any it missed)."""
    import dbm

    base = str(Path(state) / PASSWORDS_DBM)
    if not password_store_files(state):
        return 0
    removed = 0
    with dbm.open(base, "w") as db:
        for name in usernames:
            key = name.encode("utf-8")
            if key in db:
                del db[key]
                removed += 1
    return removed


def processes_of(uid: int) -> list[int]:
    """Process ids owned by `uid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def delete_accounts(plan: EndPlan, wait: float = 15.0) -> list[str]:
    """Carry out a plan from `plan_end` (never one with `refused` entries). The hub has
    already stopped the servers; a user whose processes do not end in `wait` seconds is
    left, and named in the problems returned."""
    if plan.refused:
        raise AccountError("this plan was refused; nothing is deleted")
    problems = []
    for user in plan.users:
        deadline = time.monotonic() + wait
        while processes_of(user.uid) and time.monotonic() < deadline:
            time.sleep(0.2)
        try:
            _run("userdel", "--remove", user.name)
        except AccountError as exc:
            problems.append(str(exc))
            continue
        if user.home.exists():  # userdel leaves a home it did not create; this one was ours
            shutil.rmtree(user.home, ignore_errors=True)
    if lookup_group(plan.cohort.group) is not None:
        try:
            _run("groupdel", plan.cohort.group)
        except AccountError as exc:
            problems.append(str(exc))
    forget_passwords(plan.state, plan.cohort.usernames)
    shutil.rmtree(plan.state / SERVICE_DIR / "data", ignore_errors=True)
    for path in (plan.state / SERVICE_DIR).glob("*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    (plan.state / COHORT_FILE).unlink(missing_ok=True)
    return problems


def operator_token(state: Path) -> str | None:
    try:
        return (Path(state) / OPERATOR_TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def ensure_operator_token(state: Path) -> str:
    """The operator service's API token: made once, readable by root only."""
    import secrets

    from olivia_training.atomic import atomic_write_text

    token = operator_token(state)
    if token is None:
        token = secrets.token_hex(32)
        atomic_write_text(Path(state) / OPERATOR_TOKEN_FILE, token + "\n", 0o600)
    return token


def delete_hub_users(hub_url: str, token: str, usernames: list[str], timeout: float = 30.0) -> list[str]:
    """DELETE each user through the hub's REST API (stopping their server first, and making
    FirstUseAuthenticator forget their password). Returns problems, one line each."""
    import json
    import urllib.error
    import urllib.request

    problems = []
    base = hub_url.rstrip("/") + "/hub/api/users/"
    for name in usernames:
        request = urllib.request.Request(base + name, method="DELETE",
                                         headers={"Authorization": f"token {token}"})
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(request, timeout=timeout):
                    break
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    break  # never logged in or already gone: nothing to delete
                if exc.code == 400 and time.monotonic() < deadline:
                    time.sleep(0.5)  # a server still stopping: try again shortly
                    continue
                try:
                    message = json.loads(exc.read() or b"{}").get("message", "")
                except ValueError:
                    message = ""
                problems.append(f"hub account {name}: HTTP {exc.code} {message}".rstrip())
                break
            except OSError as exc:
                problems.append(f"hub account {name}: the hub at {hub_url} did not answer ({exc})")
                break
    return problems
