"""The Zero to JupyterHub files (deploy/jupyterhub/z2jh): values.yaml and the Dockerfile agree
with each other, with the pack's version, and with the workshop rules of `configure()`.

Helm and Docker are not run here. The values were checked against the chart's own
`values.schema.yaml` when written; these tests keep them in step with the pack.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

from olivia_training.hub.config import configure, single_user_args

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "jupyterhub" / "z2jh"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stages() -> dict[str, dict]:
    """The Dockerfile's stages: instructions by name, continuation lines joined."""
    text = (Z2JH / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n\s*", " ", re.sub(r"^\s*#.*\n", "", text, flags=re.M))
    found: dict[str, dict] = {}
    current = None
    for line in filter(None, (line.strip() for line in text.splitlines())):
        word, _, rest = line.partition(" ")
        if word == "FROM":
            base, _, name = rest.partition(" AS ")
            current = found.setdefault(name.strip(), {"FROM": base.strip()})
        elif current is not None:
            current.setdefault(word, []).append(rest)
    return found


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Config:
    """What configure() sets (no cohort yet: the allowlist is then empty)."""
    c = Config()
    configure(c, state=tmp_path_factory.mktemp("state"), spawner="local")
    return c


def _version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"$', text, re.M).group(1)


def _labels(stage: dict) -> dict[str, str]:
    return dict(re.findall(r'([\w.]+)="([^"]*)"', " ".join(stage.get("LABEL", []))))


# -- the images ------------------------------------------------------------------------------
@pytest.mark.parametrize("key, stage", [("singleuser", "singleuser"), ("hub", "hub")])
def test_values_name_the_images_the_dockerfile_builds(values, stages, key, stage):
    image = values[key]["image"]
    labels = _labels(stages[stage])
    assert image["name"].rsplit("/", 1)[-1] == labels["org.opencontainers.image.title"]
    assert image["tag"] == labels["org.opencontainers.image.version"] == _version()
    # The build commands in the Dockerfile's header and the README tag the same image.
    tag = f"-t {labels['org.opencontainers.image.title']}:{_version()}"
    assert tag in (Z2JH / "Dockerfile").read_text(encoding="utf-8")
    assert tag in (Z2JH.parent / "README.md").read_text(encoding="utf-8")


def test_the_singleuser_image_is_the_default_target_and_holds_only_the_participant_wheel(stages):
    assert list(stages)[-1] == "singleuser"  # `docker build` without --target
    for stage in stages.values():
        copies = stage.get("COPY", [])
        assert copies and all("olivia_training-*+participant-*.whl" in c for c in copies), copies
    assert stages["hub"]["FROM"].startswith("quay.io/jupyterhub/k8s-hub:")
    assert stages["singleuser"]["USER"] == ["${NB_USER}"]


def test_one_start_command_in_values_dockerfile_and_configure(values, stages, workshop):
    cmd = json.loads(stages["singleuser"]["CMD"][0])
    assert cmd == [values["singleuser"]["cmd"]]
    assert Path(workshop.Spawner.cmd[0]).name == values["singleuser"]["cmd"] == "olivia-hub-singleuser"
    assert values["singleuser"]["defaultUrl"] == workshop.Spawner.default_url


def test_jupyterhub_in_the_image_matches_the_hub_chart(stages):
    z2jh = re.search(r"Z2JH_VERSION=(\S+)", (Z2JH / "Dockerfile").read_text(encoding="utf-8")).group(1)
    assert z2jh == "4.4.0"  # chart 4.4.0 runs JupyterHub 5.5.0 (its changelog)
    assert '"jupyterhub==5.5.*"' in " ".join(stages["singleuser"]["RUN"])


# -- the workshop rules ----------------------------------------------------------------------
def test_no_terminals_and_the_same_server_settings(values, stages, workshop):
    spawner = values["hub"]["config"]["KubeSpawner"]
    assert spawner["args"] == workshop.Spawner.args == single_user_args(1200)
    assert "--ServerApp.terminals_enabled=False" in spawner["args"]
    assert '{"ServerApp": {"terminals_enabled": false}}' in " ".join(stages["singleuser"]["RUN"])
    assert spawner["server_token_scopes"] == workshop.Spawner.server_token_scopes


def test_the_authenticator_is_configures_own(values, workshop):
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == workshop.JupyterHub.authenticator_class
    first_use = config["FirstUseAuthenticator"]
    assert first_use["create_users"] is workshop.FirstUseAuthenticator.create_users is False
    assert config["FirstUseAuthenticator"]["allow_all"] is False
    assert config["Authenticator"]["allow_all"] is workshop.Authenticator.allow_all is False
    assert config["Authenticator"]["allow_existing_users"] is workshop.Authenticator.allow_existing_users
    assert (config["FirstUseAuthenticator"]["min_password_length"]
            == workshop.FirstUseAuthenticator.min_password_length)
    assert config["Authenticator"]["admin_users"] == [] and not workshop.Authenticator.admin_users
    assert config["JupyterHub"]["admin_access"] is False  # the chart's default is true
    assert config["JupyterHub"]["custom_scopes"] == workshop.JupyterHub.custom_scopes


def test_the_roles_are_configures_own_and_facilitators_never_open_servers(values, workshop):
    expected = {r["name"]: r for r in workshop.JupyterHub.load_roles}
    roles = values["hub"]["loadRoles"]
    for name in ("user", "facilitator"):
        assert roles[name]["scopes"] == expected[name]["scopes"], name
    assert roles["facilitator"]["groups"] == expected["facilitator"]["groups"]
    for name, role in roles.items():
        assert not [s for s in role["scopes"] if s.startswith(("access:servers", "admin"))], name
    # The roles' groups are the groups the cohort file fills.
    extra = values["hub"]["extraConfig"]["olivia-cohort"]
    assert set(workshop.JupyterHub.load_groups) == {"participants", "facilitators"}
    for group in workshop.JupyterHub.load_groups:
        assert f'"{group}"' in extra


def test_only_the_cohort_file_s_accounts_may_log_in(values, tmp_path, monkeypatch):
    cohort = {"schema": "olivia-hub-cohort", "schema_version": 1, "cohort": "k3m7", "group": "olvk3m7",
              "participants": ["olvk3m7-aaaa2222", "olvk3m7-bbbb3333"],
              "facilitators": ["olvk3m7-f-cccc4444"]}
    (tmp_path / "cohort.json").write_text(json.dumps(cohort), encoding="utf-8")
    monkeypatch.setenv("OLIVIA_COHORT_FILE", str(tmp_path / "cohort.json"))
    made = []
    monkeypatch.setattr("os.makedirs", lambda path, **kw: made.append(path))
    c = Config()
    exec(values["hub"]["extraConfig"]["olivia-cohort"], {"c": c})  # as the chart's config loader does
    assert c.Authenticator.allowed_users == {*cohort["participants"], *cohort["facilitators"]}
    assert c.JupyterHub.load_groups == {"participants": {"users": cohort["participants"]},
                                        "facilitators": {"users": cohort["facilitators"]}}
    assert made == ["/srv/jupyterhub/olivia/cohort-service"]
    (tmp_path / "cohort.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match="not an Olivia hub cohort file"):
        exec(values["hub"]["extraConfig"]["olivia-cohort"], {"c": Config()})
    assert values["hub"]["extraFiles"]["olivia-cohort"]["mountPath"] == "/usr/local/etc/olivia/cohort.json"


def test_culling_and_the_cohort_service(values, workshop):
    culler = next(s for s in workshop.JupyterHub.services if "jupyterhub_idle_culler" in s["command"])
    timeout = int(next(a for a in culler["command"] if a.startswith("--timeout=")).split("=")[1])
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == timeout
    assert values["cull"]["users"] is False and values["cull"]["adminUsers"] is False

    ours = next(s for s in workshop.JupyterHub.services if s["name"] == "cohort")
    theirs = values["hub"]["services"]["cohort"]
    assert ours["command"][1:] == ["-m", "olivia_training.hub.service"]
    port = theirs["url"].rsplit(":", 1)[1]
    # In the hub pod it listens on every interface, at the port the proxy and pods are sent to.
    assert theirs["command"][:2] == ["sh", "-c"]
    assert theirs["command"][2] == (f"JUPYTERHUB_SERVICE_URL=http://0.0.0.0:{port} exec python3 "
                                    + " ".join(ours["command"][1:]))
    assert theirs["oauth_no_confirm"] is ours["oauth_no_confirm"] is True
    assert values["singleuser"]["extraEnv"]["OLIVIA_COHORT_URL"] == f"http://hub:{port}/services/cohort/"
    assert [p["port"] for p in values["hub"]["service"]["extraPorts"]] == [int(port)]
    # The pack's own settings; PATH is the image's.
    assert set(values["singleuser"]["extraEnv"]) == {k for k in workshop.Spawner.environment
                                                     if k.startswith("OLIVIA_")}


def test_https_only_and_a_narrow_door(values):
    https = values["proxy"]["https"]
    assert https["enabled"] is True and https["type"] == "letsencrypt" and https["hosts"]
    assert values["proxy"]["service"]["loadBalancerSourceRanges"]
    assert values["singleuser"]["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    assert values["singleuser"]["memory"]["limit"] and values["singleuser"]["cpu"]["limit"]


def test_make_cohort_writes_a_cohort_file_the_hub_reads(values, tmp_path, monkeypatch):
    import importlib.util

    from olivia_training.hub.cohort import Cohort

    spec = importlib.util.spec_from_file_location("make_cohort", Z2JH / "make_cohort.py")
    make_cohort = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_cohort)
    out = tmp_path / "cohort"
    assert make_cohort.main(["--participants", "3", "--facilitators", "1", "--out", str(out)]) == 0
    cohort = Cohort.from_json((out / "cohort.json").read_text(encoding="utf-8"))
    assert len(cohort.participants) == 3 and len(cohort.facilitators) == 1
    assert (out / "cohort.json").stat().st_mode & 0o777 == 0o600
    slips = (out / "account-slips.html").read_text(encoding="utf-8")
    assert all(name in slips for name in cohort.usernames)
    assert make_cohort.main(["--participants", "3", "--out", str(out)]) == 2  # never twice

    monkeypatch.setenv("OLIVIA_COHORT_FILE", str(out / "cohort.json"))
    monkeypatch.setattr("os.makedirs", lambda path, **kw: None)
    c = Config()
    exec(values["hub"]["extraConfig"]["olivia-cohort"], {"c": c})
    assert c.Authenticator.allowed_users == set(cohort.usernames)
