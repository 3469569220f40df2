"""The TLJH plugin (deploy/jupyterhub/tljh): hook names TLJH will call, the participant-wheel
check, the config.yaml defaults, and the hub configuration it leaves after TLJH's own.

TLJH itself is not installed here. Its hook specifications are copied below from
`tljh/hooks.py`, and `tljh_config()` sets what TLJH's `jupyterhub_config.py` and
`configurer.apply_config` set with default settings (the-littlest-jupyterhub, main, 2026),
so the plugin is tested against what it really runs after.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import zipfile
from pathlib import Path

import pluggy
import pytest
from traitlets.config import Config

from olivia_training.hub.cohort import COHORT_FILE, Cohort
from olivia_training.hub.config import FACILITATOR_SCOPES, SERVICE_NAME

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_DIR = ROOT / "deploy" / "jupyterhub" / "tljh"


@pytest.fixture(scope="module")
def plugin():
    sys.path.insert(0, str(PLUGIN_DIR))
    try:
        yield importlib.import_module("tljh_olivia")
    finally:
        sys.path.remove(str(PLUGIN_DIR))
        sys.modules.pop("tljh_olivia", None)


# -- TLJH's hook specifications (tljh/hooks.py), as TLJH declares them ------------------------
class TLJHSpecs:
    spec = pluggy.HookspecMarker("tljh")

    @spec
    def tljh_extra_user_conda_packages(self): ...
    @spec
    def tljh_extra_user_conda_channels(self): ...
    @spec
    def tljh_extra_user_pip_packages(self): ...
    @spec
    def tljh_extra_hub_pip_packages(self): ...
    @spec
    def tljh_extra_apt_packages(self): ...
    @spec
    def tljh_custom_jupyterhub_config(self, c): ...
    @spec
    def tljh_config_post_install(self, config): ...
    @spec
    def tljh_post_install(self): ...
    @spec
    def tljh_new_user_create(self, username): ...


def test_every_hook_is_one_tljh_calls_with_its_arguments(plugin):
    pm = pluggy.PluginManager("tljh")
    pm.add_hookspecs(TLJHSpecs)
    pm.register(plugin)  # an argument TLJH does not pass would raise PluginValidationError here
    pm.check_pending()  # a hook name TLJH does not have (a typo) raises here
    hooks = {name for name in dir(plugin) if name.startswith("tljh_")}
    assert hooks == {"tljh_extra_user_pip_packages", "tljh_extra_hub_pip_packages",
                     "tljh_config_post_install", "tljh_custom_jupyterhub_config"}


def test_tljh_finds_the_plugin_through_its_entry_point():
    text = (PLUGIN_DIR / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on 3.10
    assert re.search(r'^\[project\.entry-points\.tljh\]\nolivia = "tljh_olivia"$', text, re.M)
    assert re.search(r'^py-modules = \["tljh_olivia"\]$', text, re.M)
    assert (PLUGIN_DIR / "tljh_olivia.py").is_file()


# -- the participant wheel --------------------------------------------------------------------
def _wheel(folder: Path, files: dict[str, str], name="olivia_training-0.1.0+participant-py3-none-any.whl"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


PACK = "olivia_training/_pack"
NOTEBOOK = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {"tags": []}, "source": "Hi"}]})
CLEAN = {f"{PACK}/exercises/.participant-edition": "marker",
         f"{PACK}/exercises/cse.yaml": "# Participant edition: no facilitator_ field.\nitems: []\n",
         f"{PACK}/notebooks/00_start_here.ipynb": NOTEBOOK,
         "olivia_training/__init__.py": ""}


def test_the_participant_wheel_is_installed_in_both_environments(plugin, tmp_path, monkeypatch):
    wheel = _wheel(tmp_path, CLEAN)
    monkeypatch.setenv(plugin.PACK_DIR_ENV, str(tmp_path))
    assert plugin.tljh_extra_user_pip_packages() == [f"{wheel}[hub]"]
    assert plugin.tljh_extra_hub_pip_packages() == [str(wheel)]


@pytest.mark.parametrize("change, reason", [
    ({f"{PACK}/facilitator_guide/01-overview.md": "# Guide"}, "facilitator guide"),
    ({f"{PACK}/exercises/cse.yaml": "items:\n- id: a\n  facilitator_notes: key\n"}, "facilitator_ fields"),
    ({f"{PACK}/notebooks/05.ipynb": json.dumps(
        {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["facilitator"]}, "source": "key"}]})},
     "facilitator cells"),
    ({f"{PACK}/exercises/.participant-edition": None}, "not the participant edition"),
])
def test_a_wheel_with_facilitator_content_is_refused(plugin, tmp_path, change, reason):
    files = {k: v for k, v in {**CLEAN, **change}.items() if v is not None}
    _wheel(tmp_path, files)
    with pytest.raises(plugin.PluginError, match="refusing") as raised:
        plugin.participant_wheel(tmp_path)
    assert reason in str(raised.value)


def test_no_wheel_or_two_wheels_is_one_clear_error(plugin, tmp_path):
    with pytest.raises(plugin.PluginError, match=r"expected exactly one .*found none"):
        plugin.participant_wheel(tmp_path)
    _wheel(tmp_path, CLEAN)
    _wheel(tmp_path, CLEAN, name="olivia_training-0.2.0+participant-py3-none-any.whl")
    with pytest.raises(plugin.PluginError, match="0.1.0.*0.2.0"):
        plugin.participant_wheel(tmp_path)


def test_the_check_reads_the_real_editions(plugin, tmp_path):
    """The real participant tree passes; the real content and guide, as the ordinary wheel
    ships them, fail. Zipped in the wheel's layout (pyproject.toml's force-include)."""
    from olivia_training.content import PARTICIPANT_MARKER
    from olivia_training.hub.edition import participant_tree

    assert plugin.PARTICIPANT_MARKER == PARTICIPANT_MARKER

    def zipped(tree: Path, name: str, guide: bool) -> Path:
        files = {}
        for folder in ["exercises", "notebooks", *(["facilitator_guide"] if guide else [])]:
            for path in sorted((tree / folder).iterdir()):
                files[f"{PACK}/{folder}/{path.name}"] = path.read_text(encoding="utf-8")
        return _wheel(tmp_path / name, files)

    participant = participant_tree(ROOT, tmp_path / "tree")
    assert plugin.facilitator_content(zipped(participant, "participant", guide=False)) == []
    found = "\n".join(plugin.facilitator_content(zipped(ROOT, "full", guide=True)))
    for reason in ("facilitator guide", "facilitator_ fields", "facilitator cells", "participant edition"):
        assert reason in found


# -- config.yaml defaults ---------------------------------------------------------------------
def test_config_defaults_never_overwrite_what_the_operator_set(plugin):
    fresh: dict = {}
    plugin.tljh_config_post_install(config=fresh)
    assert fresh["limits"] == {"memory": "1G", "cpu": 1}
    assert fresh["user_environment"] == {"default_app": "jupyterlab"}
    assert fresh["services"]["cull"]["enabled"] is False

    mine = {"limits": {"memory": "2G"}, "user_environment": {"default_app": "classic"},
            "services": {"cull": {"timeout": 900}}}
    plugin.tljh_config_post_install(config=mine)
    assert mine["limits"] == {"memory": "2G", "cpu": 1}
    assert mine["user_environment"]["default_app"] == "classic"
    assert mine["services"]["cull"] == {"timeout": 900, "enabled": False}


# -- the hub configuration after TLJH's -------------------------------------------------------
def tljh_config(memory=None, cpu=None, admins=()) -> Config:
    """What TLJH's jupyterhub_config.py and configurer.apply_config set, default settings."""
    c = Config()
    c.JupyterHub.spawner_class = "tljh.user_creating_spawner.UserCreatingSpawner"
    c.JupyterHub.cleanup_servers = False
    c.JupyterHub.hub_port = 15001
    c.SystemdSpawner.extra_paths = ["/opt/tljh/user/bin"]
    c.SystemdSpawner.default_shell = "/bin/bash"
    c.SystemdSpawner.unit_name_template = "jupyter-{USERNAME}"
    c.JupyterHub.base_url = "/"
    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.create_users = False
    c.FirstUseAuthenticator.allow_all = True  # TLJH: nobody listed in tljh-config -> anyone
    c.Authenticator.allowed_users = set()
    c.Authenticator.blocked_users = set()
    c.Authenticator.admin_users = set(admins)
    c.UserCreatingSpawner.user_groups = {}
    c.Spawner.mem_limit = memory
    c.Spawner.cpu_limit = cpu
    c.Spawner.default_url = "/lab"
    c.SystemdSpawner.username_template = "jupyter-{USERNAME}"
    c.JupyterHub.services = [{"name": "cull-idle", "admin": True,
                              "command": ["/opt/tljh/hub/bin/python3", "-m", "jupyterhub_idle_culler",
                                          "--timeout=600"]}]
    return c


def effective(c: Config, cls: str, parent: str, key: str):
    """The value a traitlets class sees: its own section beats its parent's."""
    return c[cls][key] if key in c[cls] else c[parent][key]


@pytest.fixture
def cohort_state(plugin, tmp_path, monkeypatch):
    """A cohort as `cohort-create` leaves it: the cohort file, the service's folder and user."""
    state = tmp_path / "state"
    (state / "cohort-service").mkdir(parents=True)
    real = plugin.pwd.getpwnam
    monkeypatch.setattr(plugin.pwd, "getpwnam",
                        lambda name: real("root") if name == "olivia-cohort" else real(name))
    cohort = Cohort("k3m7", "olvk3m7", ["olvk3m7-aaaa2222", "olvk3m7-bbbb3333"], ["olvk3m7-f-cccc4444"])
    (state / COHORT_FILE).write_text(cohort.to_json(), encoding="utf-8")
    monkeypatch.setenv("OLIVIA_HUB_STATE", str(state))
    return cohort


def test_the_hub_runs_the_workshop_configuration_not_tljh_defaults(plugin, cohort_state):
    c = tljh_config(memory="1G", cpu=1, admins=["itperson"])
    plugin.tljh_custom_jupyterhub_config(c=c)

    # Only the cohort logs in: no open sign-up, no admin.
    assert effective(c, "FirstUseAuthenticator", "Authenticator", "allow_all") is False
    assert c.FirstUseAuthenticator.create_users is False
    assert c.Authenticator.allowed_users == set(cohort_state.usernames)
    assert c.Authenticator.admin_users == set()
    # Each participant's server is their own system user, limited by systemd.
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.SystemdSpawner.username_template == "{USERNAME}"
    assert (c.SystemdSpawner.mem_limit, c.SystemdSpawner.cpu_limit) == ("1G", 1)
    assert c.Spawner.cmd == ["/opt/tljh/user/bin/olivia-hub-singleuser"]
    assert "--ServerApp.terminals_enabled=False" in c.Spawner.args
    # One culler, the pack's, not TLJH's admin one.
    names = [s["name"] for s in c.JupyterHub.services]
    assert "cull-idle" not in names and SERVICE_NAME in names
    assert [s for s in c.JupyterHub.services if s.get("admin")] == []
    assert sum("jupyterhub_idle_culler" in " ".join(s.get("command", [])) for s in c.JupyterHub.services) == 1
    # Facilitators: never admin, never access:servers.
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "facilitator")
    assert role["scopes"] == FACILITATOR_SCOPES
    assert not [s for s in role["scopes"] if s.startswith(("access:servers", "admin"))]
    # A mid-day `tljh-config reload hub` leaves the participants' servers running.
    assert c.JupyterHub.cleanup_servers is False


def test_tljh_config_limits_reach_systemd(plugin, cohort_state):
    c = tljh_config(memory="2G", cpu=0.5)
    plugin.tljh_custom_jupyterhub_config(c=c)
    assert (c.SystemdSpawner.mem_limit, c.SystemdSpawner.cpu_limit) == ("2G", 0.5)
    c = tljh_config()  # unset in tljh-config: the plugin's defaults
    plugin.tljh_custom_jupyterhub_config(c=c)
    assert (c.SystemdSpawner.mem_limit, c.SystemdSpawner.cpu_limit) == ("1G", 1)


def test_without_the_pack_the_hub_starts_but_nobody_can_log_in(plugin, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "olivia_training.hub", None)  # import raises ImportError
    c = tljh_config()
    plugin.tljh_custom_jupyterhub_config(c=c)
    assert effective(c, "FirstUseAuthenticator", "Authenticator", "allow_all") is False
    assert c.Authenticator.allowed_users == set()
    assert c.Authenticator.admin_users == set()
    assert [s["name"] for s in c.JupyterHub.services] == []
    assert "nobody can log in" in caplog.text


def test_before_any_cohort_the_hub_can_start(plugin, tmp_path, monkeypatch, caplog):
    """TLJH's installer starts the hub before the operator has created a cohort, and fails the
    install if it does not come up. JupyterHub exits when a managed service cannot start, so
    every managed service left must have its system user and folder."""
    monkeypatch.setenv("OLIVIA_HUB_STATE", str(tmp_path / "no-cohort-yet"))
    monkeypatch.setattr(plugin.pwd, "getpwnam", _no_such_user)
    c = tljh_config()
    plugin.tljh_custom_jupyterhub_config(c=c)
    assert c.Authenticator.allowed_users == set()
    for service in c.JupyterHub.services:
        assert plugin.unstartable(service) is None, service["name"]
    assert SERVICE_NAME not in [s["name"] for s in c.JupyterHub.services]
    assert "starts once a cohort exists" in caplog.text
    assert any("jupyterhub_idle_culler" in " ".join(s.get("command", [])) for s in c.JupyterHub.services)


def _no_such_user(name):
    raise KeyError(name)


def test_a_service_is_startable_only_with_its_user_and_folder(plugin, tmp_path, monkeypatch):
    monkeypatch.setattr(plugin.pwd, "getpwnam", _no_such_user)
    assert plugin.unstartable({"name": "x", "api_token": "t"}) is None  # not managed
    assert plugin.unstartable({"name": "x", "command": ["c"]}) is None
    assert "no system user" in plugin.unstartable({"name": "x", "command": ["c"], "user": "nobody2"})
    monkeypatch.undo()
    assert "no folder" in plugin.unstartable({"name": "x", "command": ["c"], "cwd": str(tmp_path / "no")})
    assert plugin.unstartable({"name": "x", "command": ["c"], "user": "root", "cwd": str(tmp_path)}) is None
