"""The hub's logic without a hub: configure(), cohorts and slips, the end-of-cohort plan,
the service's store, the participant edition and the participant-side client. (The real
hub, with root and system users, is tests/hub/.)"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the hub runs on Linux")


def _cohort(tmp_path: Path, participants=3, facilitators=1):
    from olivia_training.hub.cohort import COHORT_FILE, new_cohort

    cohort = new_cohort(participants, facilitators, "olv")
    (tmp_path / COHORT_FILE).write_text(cohort.to_json())
    return cohort


def _configured(tmp_path: Path, **kwargs) -> Config:
    from olivia_training.hub import configure

    c = Config()
    configure(c, state=tmp_path, user_env="/opt/env", **kwargs)
    return c


# -- configure() --------------------------------------------------------------------------------
def test_facilitators_are_never_admins_and_never_open_servers(tmp_path):
    cohort = _cohort(tmp_path)
    c = _configured(tmp_path)
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    facilitator = roles["facilitator"]
    assert facilitator["groups"] == ["facilitators"]
    assert not [s for s in facilitator["scopes"]
                if s.split("!")[0] in ("access:servers", "admin:servers", "admin:users", "admin-ui", "tokens")
                or s.startswith(("admin", "users", "read:users!", "access:servers"))]
    assert "access:services!service=cohort" in facilitator["scopes"]
    assert "servers!group=participants" in facilitator["scopes"]
    assert c.Authenticator.admin_users == set()
    assert c.JupyterHub.load_groups["facilitators"]["users"] == cohort.facilitators
    assert c.JupyterHub.load_groups["participants"]["users"] == cohort.participants
    # Participants keep the default role, plus sending to the cohort view; never the service's page.
    assert roles["user"]["scopes"] == ["self", "custom:olivia-cohort:send"]
    assert "custom:olivia-cohort:send" in c.JupyterHub.custom_scopes


def test_only_the_cohort_file_accounts_may_log_in_and_nobody_signs_up(tmp_path):
    cohort = _cohort(tmp_path)
    c = _configured(tmp_path)
    assert c.JupyterHub.authenticator_class == "firstuseauthenticator.FirstUseAuthenticator"
    assert c.FirstUseAuthenticator.create_users is False
    assert c.Authenticator.allowed_users == set(cohort.usernames)
    assert c.Authenticator.allow_all is False and c.Authenticator.allow_existing_users is False
    assert c.FirstUseAuthenticator.dbm_path == str(tmp_path.resolve() / "passwords.dbm")
    # No cohort file: nobody at all.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _configured(empty).Authenticator.allowed_users == set()


def test_single_user_servers_have_no_terminals_cull_kernels_and_open_notebook_00(tmp_path):
    c = _configured(tmp_path, kernel_idle_timeout=900)
    assert c.Spawner.cmd == ["/opt/env/bin/olivia-hub-singleuser"]
    assert "--ServerApp.terminals_enabled=False" in c.Spawner.args
    assert "--MappingKernelManager.cull_idle_timeout=900" in c.Spawner.args
    assert "--LabApp.news_url=None" in c.Spawner.args
    assert c.Spawner.default_url == "/lab/tree/00_start_here.ipynb"
    assert c.Spawner.notebook_dir == "~"
    assert "PYTHONPATH" not in c.Spawner.env_keep  # the hub's own environment never leaks in
    assert c.Spawner.environment["OLIVIA_COHORT_URL"].endswith("/services/cohort/")
    assert "custom:olivia-cohort:send" in c.Spawner.server_token_scopes


def test_services_run_unprivileged_with_minimal_roles(tmp_path):
    from olivia_training.hub.accounts import ensure_operator_token

    c = _configured(tmp_path, service_user="svc")
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert services["cohort"]["user"] == "svc" and services["cohort"]["command"][0] == "/opt/env/bin/python"
    assert "olivia-operator" not in services  # no token yet: no operator service
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert sorted(roles["idle-culler"]["scopes"]) == sorted(
        ["list:users", "read:users:activity", "read:servers", "delete:servers"])
    assert "jupyterhub_idle_culler" in services["idle-culler"]["command"]
    token = ensure_operator_token(tmp_path)
    assert (tmp_path / "operator-token").stat().st_mode & 0o777 == 0o600
    services = {s["name"]: s for s in _configured(tmp_path).JupyterHub.services}
    assert services["olivia-operator"]["api_token"] == token


def test_systemd_spawner_enforces_limits_local_does_not_pretend(tmp_path):
    c = _configured(tmp_path, spawner="systemd", mem_limit="2G", cpu_limit=0.5)
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.SystemdSpawner.mem_limit == "2G" and c.SystemdSpawner.cpu_limit == 0.5
    assert c.SystemdSpawner.dynamic_users is False and c.SystemdSpawner.disable_user_sudo is True
    local = _configured(tmp_path)
    assert local.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    from olivia_training.hub import config

    assert "does NOT enforce" in config.__doc__ or "does NOT enforce" in config.configure.__doc__ \
        or "NOT enforce" in config.__doc__
    with pytest.raises(ValueError):
        _configured(tmp_path, spawner="docker")


# -- cohorts and slips ---------------------------------------------------------------------------
def test_new_cohort_usernames_are_random_valid_and_unique():
    from olivia_training.hub.cohort import USERNAME_PATTERN, new_cohort

    one, two = new_cohort(30, 2, "olv"), new_cohort(30, 2, "olv")
    assert len(set(one.usernames)) == 32 and not set(one.usernames) & set(two.usernames)
    assert all(USERNAME_PATTERN.match(n) and n.startswith(one.group + "-") for n in one.usernames)
    assert all("-f-" in n for n in one.facilitators) and not any("-f-" in n for n in one.participants)
    taken = {f"{one.group}-x"}
    assert not set(new_cohort(5, 0, "olv", taken).usernames) & taken


@pytest.mark.parametrize("bad", ["", "Olv", "1ab", "toolongprefix", "a-b"])
def test_bad_prefixes_are_refused(bad):
    from olivia_training.hub.cohort import CohortError, new_cohort

    with pytest.raises(CohortError):
        new_cohort(3, 0, bad)


def test_cohort_file_round_trips_and_bad_ones_say_why(tmp_path):
    from olivia_training.hub.cohort import Cohort, CohortError, read_cohort

    cohort = _cohort(tmp_path)
    assert read_cohort(tmp_path) == cohort
    data = json.loads(cohort.to_json())
    for change, words in (({"participants": ["Root Name"]}, "not a valid username"),
                          ({"participants": cohort.participants * 2}, "appears twice"),
                          ({"schema": "x"}, "not an Olivia hub cohort file"),
                          ({"group": cohort.participants[0]}, "must differ")):
        with pytest.raises(CohortError, match=words):
            Cohort.from_json(json.dumps({**data, **change}))


def test_account_slips_carry_usernames_and_no_names(tmp_path):
    from olivia_training.hub.cohort import slips_html

    cohort = _cohort(tmp_path, participants=4, facilitators=1)
    page = slips_html(cohort, "https://hub.example.org")
    for name in cohort.usernames:
        assert page.count(name) == 1
    assert page.count('class="olivia-slip"') == 5 and "Facilitator account" in page
    assert "https://hub.example.org" in page and "password" in page
    assert "<script" not in page and "http://" not in page


# -- ending a cohort: the plan refuses anyone outside the group ---------------------------------
def _lookups(users: dict, groups: dict):
    return {"user": users.get, "group": groups.get}


def test_end_plan_lists_the_cohorts_users_and_files(tmp_path):
    from olivia_training.hub.accounts import SystemUser, plan_end

    cohort = _cohort(tmp_path, participants=2, facilitators=1)
    users = {n: SystemUser(n, 2000 + i, 3000, Path("/home") / n) for i, n in enumerate(cohort.usernames)}
    plan = plan_end(cohort, tmp_path, **_lookups(users, {cohort.group: 3000}))
    assert not plan.refused and [u.name for u in plan.users] == cohort.usernames
    assert tmp_path / "cohort.json" in plan.files
    assert any(str(Path("/home") / cohort.participants[0]) in line for line in plan.lines())


@pytest.mark.parametrize("who", ["other-group", "system", "root-home", "shared-home"])
def test_end_plan_refuses_whole_when_anyone_is_outside_the_cohort(tmp_path, who):
    from olivia_training.hub.accounts import SystemUser, plan_end

    cohort = _cohort(tmp_path, participants=2, facilitators=0)
    name = cohort.participants[1]
    users = {n: SystemUser(n, 2000 + i, 3000, Path("/home") / n) for i, n in enumerate(cohort.usernames)}
    users[name] = {
        "other-group": SystemUser(name, 2001, 4000, Path("/home") / name),
        "system": SystemUser(name, 5, 3000, Path("/home") / name),
        "root-home": SystemUser(name, 2001, 3000, Path("/root")),
        "shared-home": SystemUser(name, 2001, 3000, Path("/home")),
    }[who]
    plan = plan_end(cohort, tmp_path, **_lookups(users, {cohort.group: 3000}))
    assert len(plan.refused) == 1 and name in plan.refused[0]
    from olivia_training.hub.accounts import AccountError, delete_accounts

    with pytest.raises(AccountError):
        delete_accounts(plan)


def test_end_plan_accepts_supplementary_membership_and_missing_users(tmp_path):
    from olivia_training.hub.accounts import SystemUser, plan_end

    cohort = _cohort(tmp_path, participants=2, facilitators=0)
    a, b = cohort.participants
    users = {a: SystemUser(a, 2000, 100, Path("/home") / a, frozenset({cohort.group}))}
    plan = plan_end(cohort, tmp_path, **_lookups(users, {cohort.group: 3000}))
    assert not plan.refused and plan.missing == [b] and [u.name for u in plan.users] == [a]
    # No such group at all: nobody can be shown to be in it.
    assert plan_end(cohort, tmp_path, **_lookups(users, {})).refused


# -- the service's store -------------------------------------------------------------------------
def test_store_keeps_no_names_one_evaluation_each_and_replaces(tmp_path):
    from olivia_training.hub.store import CohortStore, read_evaluations

    store = CohortStore(tmp_path)
    store.record_progress("olvabcd-alice", ["00", "01"])
    store.record_progress("olvabcd-bob", ["00"])
    assert not store.record_evaluation("olvabcd-alice", {"schema": "x", "n": 1})
    assert store.record_evaluation("olvabcd-alice", {"schema": "x", "n": 2})
    assert store.started() == 2 and store.completions() == {"00": 2, "01": 1}
    assert store.evaluations() == [{"schema": "x", "n": 2}]
    text = (tmp_path / "store.json").read_text()
    assert "alice" not in text and "bob" not in text
    assert (tmp_path / "store.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
    assert CohortStore(tmp_path).evaluations() == read_evaluations(tmp_path)  # survives a restart
    # Another cohort's secret: the same name gives another key.
    other = tmp_path / "other"
    other.mkdir()
    assert CohortStore(other).key("olvabcd-alice") != store.key("olvabcd-alice")


def test_cohort_report_from_stored_evaluations_uses_the_cohort_report_code(tmp_path):
    from olivia_training.content import load
    from olivia_training.hub.store import cohort_report

    qids = [q.id for q in load("workshop").questions]
    good = {"schema": "olivia-training-evaluation", "schema_version": 1, "session": "S",
            "confidence": {q: {"before": 2, "after": 4} for q in qids}, "notebooks_completed": ["00"],
            "comments": "<b>bold</b>"}
    page, count = cohort_report([good, {"schema": "nope"}])
    assert count == 1 and "Participants (n)</th><td>1</td>" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "evaluation 2" in page  # skipped, with why


# -- the participant edition ---------------------------------------------------------------------
def test_participant_tree_strips_every_facilitator_field_cell_and_the_guide(tmp_path):
    import yaml

    from olivia_training.content import PARTICIPANT_MARKER, load, registry
    from olivia_training.content.base import KeyWithheld
    from olivia_training.hub.edition import participant_tree, source_root

    tree = participant_tree(source_root(), tmp_path / "tree")
    assert not (tree / "facilitator_guide").exists()
    assert '"facilitator_guide" = ' not in (tree / "pyproject.toml").read_text()  # not in the wheel
    assert '+participant"' in (tree / "pyproject.toml").read_text()
    content = tree / "exercises"
    assert (content / PARTICIPANT_MARKER).is_file()

    def keys(value):
        if isinstance(value, dict):
            own = [k for k in value if k.startswith("facilitator_")]
            return own + [x for v in value.values() for x in keys(v)]
        return [x for v in value for x in keys(v)] if isinstance(value, list) else []

    for stem, module in registry().items():
        assert keys(yaml.safe_load((content / module.FILE).read_text())) == [], stem
        load(stem, content)  # and it still validates
    myth = load("cse", content).myths[0]
    with pytest.raises(KeyWithheld):
        _ = myth.facilitator_answer == "myth" or f"{myth.facilitator_answer}"
    for notebook in (tree / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        assert not [c for c in cells if "facilitator" in c["metadata"].get("tags", [])], notebook.name


def test_a_participant_edition_refuses_a_stray_facilitator_field(tmp_path):
    from olivia_training.content import ContentError, load
    from olivia_training.hub.edition import strip_content
    from olivia_training.paths import content_dir

    strip_content(content_dir(), tmp_path)
    path = tmp_path / "workshop.yaml"
    path.write_text(path.read_text() + "\nfacilitator_ground_rules_note: a key\n")
    with pytest.raises(ContentError, match="participant edition carries no facilitator_"):
        load("workshop", tmp_path)


# -- the participant's side ----------------------------------------------------------------------
def test_client_sends_with_the_participants_token_and_says_what_happened(monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from olivia_training.reports import hub_client

    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((self.path, self.headers["Authorization"], body))
            status = 403 if body.get("refuse") else 200
            self.send_response(status)
            self.end_headers()
            self.wfile.write(json.dumps({"ok": status == 200, "replaced": len(seen) > 1,
                                         "message": "not a participant"}).encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv(hub_client.URL_ENV, raising=False)
        assert not hub_client.available()
        monkeypatch.setenv(hub_client.URL_ENV, f"http://127.0.0.1:{server.server_port}/services/cohort/")
        monkeypatch.setenv(hub_client.TOKEN_ENV, "tok123")
        assert hub_client.available()
        first = hub_client.send_evaluation({"schema": "e"})
        again = hub_client.send_evaluation({"schema": "e"})
        refused = hub_client.send_evaluation({"refuse": True})
        hub_client.send_progress(["00"])
    finally:
        server.shutdown()
    assert first.ok and "Sent to the facilitator" in first.message
    assert again.ok and "replaces" in again.message
    assert not refused.ok and "403" in refused.message and "not a participant" in refused.message
    assert seen[0][:2] == ("/services/cohort/api/evaluation", "token tok123")
    assert seen[-1] == ("/services/cohort/api/progress", "token tok123", {"completed": ["00"]})
    monkeypatch.setenv(hub_client.URL_ENV, "http://127.0.0.1:9/nothing/")
    down = hub_client.send_evaluation({"schema": "e"})
    assert not down.ok and "still saved here" in down.message


def test_progress_pusher_sends_only_changes_and_retries(tmp_path, monkeypatch):
    from olivia_training.hub import progress
    from olivia_training.responses import ResponseStore

    sent, fail = [], [True]

    def send(completed):
        if fail[0]:
            raise OSError("down")
        sent.append(completed)

    monkeypatch.setattr(progress.client, "send_progress", send)
    pusher = progress.Pusher(tmp_path, interval=0.01)
    assert not pusher.push_once()  # service down: nothing recorded as sent
    fail[0] = False
    assert pusher.push_once() and sent == [[]]  # started, nothing completed yet
    assert pusher.push_once() and sent == [[]]  # no change: nothing sent
    ResponseStore(tmp_path).save("evaluation-notebooks", ["01", "00"])
    assert pusher.push_once() and sent == [[], ["00", "01"]]


def test_every_notebook_call_renders_in_the_participant_edition(tmp_path, monkeypatch):
    """What a hub participant's notebooks show at once: participant HTML, no KeyWithheld.
    (A facilitator edition built and thrown away renders withheld fields as nothing.)"""
    import olivia_training.notebook as ot
    from olivia_training.content.base import KeyWithheld
    from olivia_training.hub.edition import strip_content
    from olivia_training.paths import content_dir
    from olivia_training.views import cse
    from olivia_training.views import escalation_scenarios as scenario
    from olivia_training.views import information_sharing as sharing

    strip_content(content_dir(), tmp_path / "exercises")
    monkeypatch.setenv("OLIVIA_CONTENT_DIR", str(tmp_path / "exercises"))
    monkeypatch.setenv("OLIVIA_WORKSPACE", str(tmp_path / "ws"))
    for make in (ot.ground_rules, cse.referral_route, cse.sunrise, cse.local_support, cse.myths_quiz,
                 scenario.escalation_stages, sharing.unlawfully_at_large, sharing.exercise):
        shown = make()
        bundle = shown._repr_mimebundle_()
        assert "text/html" in bundle and "SENTINEL" not in bundle["text/html"], make
    # The keys themselves are not there to be read: using one fails loudly.
    from olivia_training.content import load

    with pytest.raises(KeyWithheld):
        str(load("cse").myths[0].facilitator_explanation)


@pytest.mark.browser
def test_cohort_view_pages_are_axe_clean_offline_and_escape_participant_text(tmp_path, monkeypatch,
                                                                                offline_tab):
    """The service's two pages, rendered by its own handlers' code with a hostile comment."""
    import asyncio

    from tornado.httpclient import AsyncHTTPClient

    from olivia_training.content import load
    from olivia_training.hub import service
    from olivia_training.hub.cohort import SERVICE_DIR
    from olivia_training.hub.store import CohortStore

    cohort = _cohort(tmp_path, participants=2, facilitators=1)
    store = CohortStore(tmp_path / SERVICE_DIR)
    qids = [q.id for q in load("workshop").questions]
    store.record_progress(cohort.participants[0], ["00", "01"])
    store.record_evaluation(cohort.participants[0], {
        "schema": "olivia-training-evaluation", "schema_version": 1, "session": "S",
        "confidence": {q: {"before": 2, "after": 4} for q in qids}, "notebooks_completed": ["00"],
        "comments": "<script>alert(1)</script> & <img src=x onerror=alert(2)>"})
    # Let every request in as the facilitator: the hub's OAuth is the real test's business.
    monkeypatch.setattr(service._Base, "get_current_user", lambda self: {"name": "f", "kind": "user"})
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "x")
    from olivia_training.lab import free_port

    port = free_port()

    async def fetch_both() -> dict[str, str]:
        app = service.make_app(tmp_path)
        server = app.listen(port, "127.0.0.1")
        try:
            client = AsyncHTTPClient()
            pages = {}
            for name in ("", "report"):
                response = await client.fetch(f"http://127.0.0.1:{port}/services/cohort/{name}",
                                              request_timeout=120)
                assert "default-src 'none'" in response.headers["Content-Security-Policy"]
                pages[name or "progress"] = response.body.decode()
            return pages
        finally:
            server.stop()

    from helpers import run_axe

    def check(pages: dict[str, str]) -> None:
        for name, html in pages.items():
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            visit = offline_tab.open(path.as_uri())
            assert visit.outside_requests == [] and visit.page_errors == [], name
            assert run_axe(offline_tab.page) == [], name

    from helpers import run_apart

    pages = run_apart(asyncio.run, fetch_both())
    assert "2 of 2" not in pages["progress"] and "1 of 2" in pages["progress"]
    assert "<script>alert" not in pages["report"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["report"]
    check(pages)  # in this thread: the session browser is bound to it


def test_cohort_end_lists_everything_and_deletes_nothing_without_yes(tmp_path, monkeypatch, capsys):
    from olivia_training.cli import main
    from olivia_training.hub.accounts import ensure_operator_token

    cohort = _cohort(tmp_path, participants=2, facilitators=1)  # no such system users: hub entries only
    ensure_operator_token(tmp_path)
    monkeypatch.setattr("os.geteuid", lambda: 0)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    code = main(["cohort-end", "--state", str(tmp_path), "--report", str(tmp_path / "r.html"),
                 "--hub-url", "http://127.0.0.1:9"])
    out = capsys.readouterr().out
    assert code == 1 and "Nothing was deleted" in out
    assert all(f"hub account {n}" in out for n in cohort.usernames)
    assert (tmp_path / "cohort.json").exists() and (tmp_path / "r.html").exists()
