"""The Olivia training pack's plugin for The Littlest JupyterHub (TLJH).

TLJH finds this module through the `tljh` entry point in `pyproject.toml` and calls the hooks
below (their names and arguments are TLJH's, from `tljh/hooks.py`):

- `tljh_extra_user_pip_packages` and `tljh_extra_hub_pip_packages`: install the pack's
  *participant* wheel (no facilitator content) into the participants' environment
  (`/opt/tljh/user`) and into the hub's (`/opt/tljh/hub`, where `configure()` and the operator
  commands live). The wheel is checked first: a wheel that still holds facilitator content is
  refused, because every participant can read both environments from their kernel.
- `tljh_config_post_install`: default per-participant limits (memory and CPU, which
  SystemdSpawner enforces), and TLJH's own idle culler switched off, because the pack runs
  its own with the scopes it needs rather than as an admin.
- `tljh_custom_jupyterhub_config`: applies the workshop configuration with the pack's
  `olivia_training.hub.configure(c, spawner="systemd", ...)`, after undoing the TLJH defaults
  that would weaken it (open sign-up when no user is listed, admin users, TLJH's culler). A
  service that cannot start yet (before the first cohort) is left out, so the hub still starts.

The module needs only the standard library and pluggy, so it loads (and is tested) without
TLJH, and it never imports the pack until the hub starts.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import re
import zipfile
from pathlib import Path

try:
    from tljh.hooks import hookimpl
except ImportError:  # TLJH is not installed (tests, or reading the code): the same marker.
    import pluggy

    hookimpl = pluggy.HookimplMarker("tljh")

log = logging.getLogger("tljh.olivia")

# Where the operator puts the participant wheel (`olivia-training participant-wheel`).
PACK_DIR_ENV = "OLIVIA_PACK_DIR"
DEFAULT_PACK_DIR = "/srv/olivia-training"
WHEEL_GLOB = "olivia_training-*.whl"
# Written by `olivia-training participant-wheel` into the content folder of the participant
# edition (olivia_training.content.PARTICIPANT_MARKER); the ordinary wheel has none.
PARTICIPANT_MARKER = ".participant-edition"

# Defaults for `tljh-config` keys the operator may change (`tljh-config set limits.memory 2G`).
# Sized from benchmarks/hub_load.py; see deploy/jupyterhub/README.md, "Sizing".
DEFAULT_LIMITS = {"memory": "1G", "cpu": 1}

# What TLJH itself configures that the workshop must not keep (tljh/configurer.py).
TLJH_CULLER = "cull-idle"

_FACILITATOR_KEY = re.compile(rb"^\s*-?\s*facilitator_\w*\s*:", re.M)


class PluginError(RuntimeError):
    """Something the operator must fix before the hub can be set up; the message says what."""


# -- the participant wheel ------------------------------------------------------------------
def pack_dir() -> Path:
    return Path(os.environ.get(PACK_DIR_ENV) or DEFAULT_PACK_DIR)


def participant_wheel(folder: Path | None = None) -> Path:
    """The one participant wheel in the pack folder, checked to hold no facilitator content."""
    folder = folder or pack_dir()
    wheels = sorted(folder.glob(WHEEL_GLOB))
    if len(wheels) != 1:
        found = ", ".join(w.name for w in wheels) or "none"
        raise PluginError(
            f"{folder}: expected exactly one {WHEEL_GLOB} (found {found}). Build it with "
            f"`olivia-training participant-wheel --out {folder}` and remove any older one.")
    wheel = wheels[0]
    leaks = facilitator_content(wheel)
    if leaks:
        raise PluginError(
            f"{wheel}: refusing to install it for participants, it holds facilitator content "
            f"({'; '.join(leaks[:3])}). Build the participant wheel with "
            "`olivia-training participant-wheel`.")
    return wheel


def facilitator_content(wheel: Path) -> list[str]:
    """What in a wheel is for facilitators only: the guide, `facilitator_` fields in the
    content, notebook cells tagged `facilitator`, or content not marked as the participant
    edition. Empty for a participant wheel.

    Every participant can read the hub's and the user environment's files from their own
    kernel, so nothing in either may hold an answer key.
    """
    found: list[str] = []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        if not any(n.endswith(f"/exercises/{PARTICIPANT_MARKER}") for n in names):
            found.append(f"no exercises/{PARTICIPANT_MARKER}: not the participant edition")
        for name in names:
            if "/facilitator_guide/" in f"/{name}":
                found.append(f"{name}: the facilitator guide")
            elif name.endswith((".yaml", ".yml")) and _FACILITATOR_KEY.search(archive.read(name)):
                found.append(f"{name}: facilitator_ fields")
            elif name.endswith(".ipynb") and _has_facilitator_cell(archive.read(name)):
                found.append(f"{name}: facilitator cells")
    return found


def _has_facilitator_cell(raw: bytes) -> bool:
    try:
        cells = json.loads(raw).get("cells", [])
    except (ValueError, AttributeError):
        return True  # cannot tell: treat as unsafe
    return any("facilitator" in cell.get("metadata", {}).get("tags", []) for cell in cells)


# -- installer hooks ------------------------------------------------------------------------
@hookimpl
def tljh_extra_user_pip_packages():
    """The participants' environment: the participant wheel with its `hub` extra
    (jupyterhub-singleuser and the progress pusher)."""
    return [f"{participant_wheel()}[hub]"]


@hookimpl
def tljh_extra_hub_pip_packages():
    """The hub's environment: the same participant wheel, for `configure()`, the cohort
    service and the operator commands. The full pack never goes on the hub machine."""
    return [str(participant_wheel())]


@hookimpl
def tljh_config_post_install(config):
    """Defaults written into TLJH's config.yaml, never overwriting what the operator set."""
    limits = config.setdefault("limits", {})
    for key, value in DEFAULT_LIMITS.items():
        if limits.get(key) is None:
            limits[key] = value
    config.setdefault("user_environment", {}).setdefault("default_app", "jupyterlab")
    # TLJH's culler runs as an admin service; the pack's configure() runs its own.
    config.setdefault("services", {}).setdefault("cull", {})["enabled"] = False


# -- the hub's configuration ----------------------------------------------------------------
def _get(section, key, default=None):
    """A value set in a traitlets Config section, without creating it when absent."""
    return section.get(key, default)  # dict.get: no lazy value is created


def user_env_prefix() -> str:
    """TLJH's user environment (`/opt/tljh/user`, or under TLJH_INSTALL_PREFIX)."""
    try:
        from tljh.config import USER_ENV_PREFIX
    except ImportError:
        return os.path.join(os.environ.get("TLJH_INSTALL_PREFIX", "/opt/tljh"), "user")
    return USER_ENV_PREFIX


def remove_tljh_defaults(c) -> None:
    """Undo what TLJH's own configuration sets that a workshop must not have.

    - TLJH turns on `FirstUseAuthenticator.allow_all` when no user is listed: anyone could
      make an account. Only the cohort's allowlist may log in.
    - TLJH admins can open every server (and get sudo): a participant's reflections would
      not be private. The operator works on the machine itself instead.
    - TLJH's culler runs as an admin service; configure() adds one with narrow scopes.
    """
    c.FirstUseAuthenticator.allow_all = False
    c.FirstUseAuthenticator.create_users = False
    admins = set(_get(c.Authenticator, "admin_users", set()) or set())
    if admins:
        log.warning("olivia: ignoring TLJH admin users %s: a JupyterHub admin can read every "
                    "participant's work. Remove them with `tljh-config remove-item users.admin NAME`.",
                    ", ".join(sorted(admins)))
    c.Authenticator.admin_users = set()
    services = _get(c.JupyterHub, "services", []) or []
    c.JupyterHub.services = [s for s in services if s.get("name") != TLJH_CULLER]


def lock_down(c) -> None:
    """The configuration when the pack cannot be imported: the hub starts (so the TLJH
    installer can finish and install the pack) but nobody can log in."""
    remove_tljh_defaults(c)
    c.Authenticator.allowed_users = set()
    c.Authenticator.allow_all = False


def unstartable(service: dict) -> str | None:
    """Why the hub could not start this managed service, or None.

    JupyterHub exits when a managed service fails to start, and TLJH's installer starts the
    hub before the operator has created a cohort: the cohort view's system user and folder
    do not exist yet. Such a service is left out until they do.
    """
    if "command" not in service:
        return None  # not managed: nothing to start
    user = service.get("user")
    if user:
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"no system user {user!r} yet"
    cwd = service.get("cwd")
    if cwd and not Path(cwd).is_dir():
        return f"no folder {cwd} yet"
    return None


def drop_unstartable_services(c) -> None:
    kept = []
    for service in _get(c.JupyterHub, "services", []) or []:
        reason = unstartable(service)
        if reason:
            log.warning("olivia: the %s service starts once a cohort exists (%s): run "
                        "`olivia-training cohort-create`, then `sudo tljh-config reload hub`.",
                        service.get("name"), reason)
        else:
            kept.append(service)
    c.JupyterHub.services = kept


@hookimpl
def tljh_custom_jupyterhub_config(c):
    remove_tljh_defaults(c)
    try:
        from olivia_training.hub import configure
    except ImportError as exc:
        log.error("olivia: the pack is not installed in the hub environment (%s); nobody can "
                  "log in until it is. Run `sudo tljh-config reload hub` after installing it.", exc)
        lock_down(c)
        return
    configure(
        c,
        spawner="systemd",
        user_env=user_env_prefix(),
        # tljh-config's limits (written by tljh_config_post_install, changeable by the operator)
        mem_limit=_get(c.Spawner, "mem_limit") or DEFAULT_LIMITS["memory"],
        cpu_limit=_get(c.Spawner, "cpu_limit") or DEFAULT_LIMITS["cpu"],
    )
    drop_unstartable_services(c)
    # SystemdSpawner's units outlive the hub: a `tljh-config reload hub` during the day (for
    # example after adding accounts) then leaves everyone's server and kernels running.
    c.JupyterHub.cleanup_servers = False
