"""`configure(c, ...)`: the workshop's JupyterHub configuration, applied to a config object.

Every choice here is JupyterHub's own machinery, set for a safeguarding workshop:

- **FirstUseAuthenticator**, `create_users=False`, allowlist = the cohort file's usernames.
  No open sign-up; the random username on a name-free slip is the first-use code, and the
  participant chooses their password at first login. No email, directory or identity
  provider is needed, and nothing about the person is stored.
- **Spawner**: each participant's server runs as their own system user (0700 home, umask
  077). LocalProcessSpawner (tests, plain installs) does NOT enforce memory or CPU limits;
  SystemdSpawner (TLJH) does, with `mem_limit` and `cpu_limit`.
- **Roles**: a facilitator is never an admin and never holds `access:servers` (either would
  let them open a participant's server and read their reflections). The `facilitator` role
  reads the participants' list and activity, starts and stops their servers, and opens the
  cohort service. Participants keep the default `user` role, plus the one custom scope that
  lets their server send progress and their evaluation to the service.
- **Services**: the cohort view (hub-managed, as its own unprivileged user), the operator's
  token-only service for ending the cohort, and `jupyterhub-idle-culler` with its minimal role.
- **Single-user server**: no terminals, kernel culling, JupyterLab opening notebook 00,
  nothing reaching for the internet (no news, no update checks).
"""

from __future__ import annotations

import sys
from pathlib import Path

from olivia_training.hub.accounts import operator_token
from olivia_training.hub.cohort import PASSWORDS_DBM, SERVICE_DIR, STATE_ENV, read_cohort, state_dir

SERVICE_NAME = "cohort"
OPERATOR_SERVICE = "olivia-operator"
CULLER_SERVICE = "idle-culler"
SEND_SCOPE = "custom:olivia-cohort:send"
PARTICIPANTS_GROUP = "participants"
FACILITATORS_GROUP = "facilitators"
START_NOTEBOOK = "00_start_here.ipynb"

FACILITATOR_SCOPES = [
    f"list:users!group={PARTICIPANTS_GROUP}",
    f"read:users:activity!group={PARTICIPANTS_GROUP}",
    f"read:servers!group={PARTICIPANTS_GROUP}",
    f"servers!group={PARTICIPANTS_GROUP}",  # start and stop, not open
    f"access:services!service={SERVICE_NAME}",
]
OPERATOR_SCOPES = ["list:users", "read:users", "admin:users", "admin:servers"]
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]
SERVER_TOKEN_SCOPES = ["users:activity!user", "access:servers!server", SEND_SCOPE]


def single_user_args(kernel_idle_timeout: int) -> list[str]:
    """Command-line settings (they beat any config file a participant could write in their home)."""
    return [
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--MappingKernelManager.cull_idle_timeout={kernel_idle_timeout}",
        "--MappingKernelManager.cull_interval=60",
        # An open tab keeps its kernel; notebooks the participant has moved on from are culled.
        "--MappingKernelManager.cull_connected=False",
    ]


def configure(c, *, state: str | Path | None = None, user_env: str | Path = "/opt/olivia-hub/user",
              spawner: str = "local", service_user: str = "olivia-cohort", service_port: int = 10101,
              mem_limit: str = "1G", cpu_limit: float = 1.0, server_idle_timeout: int = 3600,
              kernel_idle_timeout: int = 1200, push_interval: float = 30.0,
              hub_python: str | Path | None = None) -> None:
    """Apply the workshop configuration to `c` (the `get_config()` object).

    `state`: the folder `cohort-create` writes (default OLIVIA_HUB_STATE or /srv/olivia-hub).
    `user_env`: a world-readable environment holding the participant edition of the pack
    and JupyterHub (`olivia-training hub-env`, or TLJH's /opt/tljh/user).
    `spawner`: "local" (LocalProcessSpawner: no memory or CPU limits are enforced) or
    "systemd" (SystemdSpawner: `mem_limit` and `cpu_limit` are enforced).
    It leaves the hub's address, database and proxy to the deployment.
    """
    folder = state_dir(state).resolve()
    env = Path(user_env)
    cohort = read_cohort(folder)
    participants = cohort.participants if cohort else []
    facilitators = cohort.facilitators if cohort else []

    # -- who may log in ---------------------------------------------------------------------
    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.create_users = False
    c.FirstUseAuthenticator.dbm_path = str(folder / PASSWORDS_DBM)
    c.FirstUseAuthenticator.min_password_length = 8
    c.Authenticator.allowed_users = set(participants) | set(facilitators)
    c.Authenticator.admin_users = set()  # nobody: an admin could open every participant's server
    c.Authenticator.allow_all = False
    c.Authenticator.allow_existing_users = False  # only the current cohort file's accounts

    # -- roles and groups --------------------------------------------------------------------
    c.JupyterHub.custom_scopes = {
        SEND_SCOPE: {"description": "Send my completed notebooks and anonymous evaluation "
                                    "to the facilitator's cohort view."},
    }
    c.JupyterHub.load_groups = {PARTICIPANTS_GROUP: {"users": participants},
                                FACILITATORS_GROUP: {"users": facilitators}}
    c.JupyterHub.load_roles = [
        {"name": "user", "description": "Participants: their own server, and sending to the cohort view",
         "scopes": ["self", SEND_SCOPE]},
        {"name": "facilitator", "description": "See the cohort's progress and start or stop servers; "
                                               "never open a participant's server",
         "scopes": FACILITATOR_SCOPES, "groups": [FACILITATORS_GROUP]},
        {"name": "olivia-operator", "description": "Operator commands on the server itself",
         "scopes": OPERATOR_SCOPES, "services": [OPERATOR_SERVICE]},
        {"name": CULLER_SERVICE, "description": "Stop idle servers",
         "scopes": CULLER_SCOPES, "services": [CULLER_SERVICE]},
    ]

    # -- services ----------------------------------------------------------------------------
    service_url = f"http://127.0.0.1:{service_port}"
    services = [
        {"name": SERVICE_NAME, "display": True, "oauth_no_confirm": True,
         "url": service_url, "user": service_user,
         "command": [str(env / "bin" / "python"), "-m", "olivia_training.hub.service"],
         "cwd": str(folder / SERVICE_DIR),
         "environment": {STATE_ENV: str(folder), "MPLCONFIGDIR": str(folder / SERVICE_DIR / ".mpl")}},
        {"name": CULLER_SERVICE,
         "command": [str(hub_python or sys.executable), "-m", "jupyterhub_idle_culler",
                     f"--timeout={server_idle_timeout}", "--cull-every=60"]},
    ]
    token = operator_token(folder)
    if token:  # made by `cohort-create`, readable by root only
        services.append({"name": OPERATOR_SERVICE, "api_token": token})
    c.JupyterHub.services = services

    # -- each participant's server -----------------------------------------------------------
    c.Spawner.cmd = [str(env / "bin" / "olivia-hub-singleuser")]
    c.Spawner.args = single_user_args(kernel_idle_timeout)
    c.Spawner.notebook_dir = "~"
    c.Spawner.default_url = f"/lab/tree/{START_NOTEBOOK}"
    c.Spawner.server_token_scopes = SERVER_TOKEN_SCOPES
    # Nothing of the hub's own environment (PYTHONPATH, VIRTUAL_ENV, ...) reaches a participant's
    # server: it runs the participants' environment and nothing else.
    c.Spawner.env_keep = ["LANG", "LC_ALL"]
    c.Spawner.environment = {
        "PATH": f"{env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "OLIVIA_COHORT_URL": f"{service_url}/services/{SERVICE_NAME}/",
        "OLIVIA_HUB_PUSH_INTERVAL": str(push_interval),
    }
    c.Spawner.http_timeout = 60
    c.Spawner.start_timeout = 120
    if spawner == "local":
        c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
        # Not enforced by LocalProcessSpawner; kept so the hub reports the intended size.
        c.Spawner.mem_limit = mem_limit
        c.Spawner.cpu_limit = cpu_limit
    elif spawner == "systemd":
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
        c.SystemdSpawner.mem_limit = mem_limit
        c.SystemdSpawner.cpu_limit = cpu_limit
        c.SystemdSpawner.dynamic_users = False  # the cohort's own system users, made by cohort-create
        c.SystemdSpawner.username_template = "{USERNAME}"
        c.SystemdSpawner.user_workingdir = "/home/{USERNAME}"
        c.SystemdSpawner.isolate_tmp = True
        c.SystemdSpawner.isolate_devices = True
        c.SystemdSpawner.disable_user_sudo = True
        c.SystemdSpawner.unit_extra_properties = {"UMask": "0077"}
    else:
        raise ValueError(f"spawner must be 'local' or 'systemd', not {spawner!r}")

    c.JupyterHub.shutdown_on_logout = False
    c.JupyterHub.cleanup_servers = True
