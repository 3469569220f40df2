"""The real hub: JupyterHub on 127.0.0.1 with configurable-http-proxy, FirstUseAuthenticator,
LocalProcessSpawner and system users made for the test, configured by
`olivia_training.hub.configure`. Two participants (A, B) and a facilitator (F) use it as
people at browsers would. Issue 13, section 6, point by point.

Needs root on Linux (it creates system users); elsewhere it skips, and with CI=true a skip
is a failure. Everything it creates has a random prefix and is removed at the end, whatever
happens. The participants' environment is prepared once, outside the timed tests
(tests/hub/hubenv.py, run by `make.py test`).
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hubclient import Person  # noqa: E402


def _why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the hub test needs Linux (system users, LocalProcessSpawner)"
    if os.geteuid() != 0:
        return "the hub test needs root (it creates and removes system users)"
    if not shutil.which("configurable-http-proxy"):
        return "configurable-http-proxy is not installed (npm install -g configurable-http-proxy)"
    if not Path(os.environ.get("OLIVIA_HUB_TEST_PYTHON", "/usr/bin/python3")).exists():
        return "no /usr/bin/python3 for the participants' environment"
    try:
        import firstuseauthenticator  # noqa: F401
        import jupyterhub  # noqa: F401
    except ImportError as exc:
        return f"the hub extra is not installed ({exc.name}): pip install -e '.[hub]'"
    return None


def _processes(uid: int) -> list[int]:
    from olivia_training.hub.accounts import processes_of

    return processes_of(uid)


def _rss_mb(uid: int) -> float:
    """Resident memory of every process of `uid`, in MB."""
    total = 0
    for pid in _processes(uid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) if match else 0
    return total / 1024


def _kill_processes_of(names: list[str]) -> None:
    """Only the test's own users' processes, each by its id."""
    for name in names:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        for pid in _processes(uid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@dataclass
class Hub:
    base: str
    state: Path
    env: Path
    prefix: str
    participants: list[str]
    facilitator: str
    group: str
    outside: str
    service_user: str
    process: subprocess.Popen
    log: Path
    people: dict[str, Person] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def a(self) -> Person:
        return self.people["A"]

    @property
    def b(self) -> Person:
        return self.people["B"]

    @property
    def f(self) -> Person:
        return self.people["F"]

    def cli(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "olivia_training.cli", *args], capture_output=True,
                              text=True, input=input, timeout=120)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""



@pytest.fixture(scope="module")
def hub():
    reason = _why_not()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the hub test, but: {reason}")
        pytest.skip(reason)
    import hubenv
    import requests


    t0 = time.monotonic()
    env = hubenv.ensure()
    print(f"\n[hub-timing] env {time.monotonic()-t0:.1f}s", flush=True)
    prefix = "t" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(5))
    state = Path(tempfile.mkdtemp(prefix="olivia-hub-test-"))
    os.chmod(state, 0o755)
    service_user, outside = f"{prefix}svc", f"{prefix}out"
    made: list[str] = [service_user, outside]
    process = None
    try:
        # Someone on the same machine who is not in the cohort.
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/usr/sbin/nologin", outside],
                       check=True, capture_output=True)
        hub = Hub("", state, env, prefix, [], "", "", outside, service_user, None, state / "hub.log")
        created = hub.cli("cohort-create", "--participants", "2", "--facilitators", "1", "--prefix", prefix,
                          "--state", str(state), "--slips", str(state / "slips.html"),
                          "--service-user", service_user, "--hub-url", "http://127.0.0.1")
        cohort = json.loads((state / "cohort.json").read_text()) if (state / "cohort.json").exists() else {}
        made += cohort.get("participants", []) + cohort.get("facilitators", [])
        assert created.returncode == 0, created.stderr
        print(f"[hub-timing] cohort-create {time.monotonic()-t0:.1f}s", flush=True)
        hub.participants, hub.facilitator = cohort["participants"], cohort["facilitators"][0]
        hub.group = cohort["group"]

        config, port = hubenv.write_loopback_config(
            state, env, service_user, configure_extra=", push_interval=0.5",
            # answer at once; the test polls
            extra_lines='c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}\n')
        with open(hub.log, "wb") as log:
            process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        hub.process = process
        hub.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a generous guard: a loaded machine starts slowly
        while True:
            try:
                if requests.get(f"{hub.base}/hub/api", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, f"the hub exited:\n{hub.log_tail()}"
            assert time.monotonic() < deadline, f"the hub did not start:\n{hub.log_tail()}"
            time.sleep(0.2)
        print(f"[hub-timing] hub up {time.monotonic()-t0:.1f}s", flush=True)
        for key, name in zip("AB", hub.participants, strict=True):
            hub.people[key] = Person(hub.base, name)
        hub.people["F"] = Person(hub.base, hub.facilitator)
        hub.passwords = {key: secrets.token_urlsafe(12) for key in hub.people}
        yield hub
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the hub stops the servers, services and proxy
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _kill_processes_of(made)
        for name in made:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for group in {*made, f"{prefix}"}:
            subprocess.run(["groupdel", group], capture_output=True)
        for entry in grp.getgrall():
            if entry.gr_name.startswith(prefix):
                subprocess.run(["groupdel", entry.gr_name], capture_output=True)
        proxy_pid = state / "proxy.pid"
        if proxy_pid.exists():  # only if the hub could not stop its own proxy
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(proxy_pid.read_text().strip()), signal.SIGKILL)
        if (state / "hub.log").exists():  # for reading after a failure
            shutil.copy(state / "hub.log", Path(tempfile.gettempdir()) / "olivia-hub-test-last.log")
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="module")
def running(hub):
    """A, B and F logged in; A's and B's servers started (through the hub's REST API, as
    JupyterHub's own pages do) and opened in their 'browsers'."""
    for key, person in hub.people.items():
        response = person.login(hub.passwords[key])
        assert response.status_code == 302, (key, response.status_code, hub.log_tail())
    for person in (hub.a, hub.b):
        started = person.hub_api("POST", f"users/{person.name}/server")
        assert started.status_code in (201, 202), (started.status_code, started.text, hub.log_tail())
    t0 = time.monotonic()
    print("[hub-timing] logged in, spawning", flush=True)
    for person in (hub.a, hub.b):
        person.wait_ready(person.name)
        print(f"[hub-timing] {person.name} ready {time.monotonic()-t0:.1f}s", flush=True)
    time.sleep(2)
    for person in (hub.a, hub.b):
        print(f"[hub-measure] idle single-user server RSS {person.name}: "
              f"{_rss_mb(pwd.getpwnam(person.name).pw_uid):.0f} MB", flush=True)
        opened = person.open_server()
        assert opened.status_code == 200 and f"/user/{person.name}/lab" in opened.url, opened.url
    return hub


def test_people_log_in_through_the_login_page(hub, running):
    for person in hub.people.values():
        me = person.hub_api("GET", "user")
        assert me.status_code == 200 and me.json()["name"] == person.name
    # The password set at first use is now theirs: a wrong one is refused.
    stranger = Person(hub.base, hub.a.name)
    assert stranger.login("not-the-password").status_code != 302
    # Nobody outside the cohort gets in, whatever password they choose.
    assert Person(hub.base, hub.outside).login("some-long-password").status_code != 302
    assert Person(hub.base, "newcomer").login("some-long-password").status_code != 302


def test_each_participants_server_has_the_notebooks_without_facilitator_cells(running):
    import hubenv

    from olivia_training.paths import notebooks_dir

    pack = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))
    for person in (running.a, running.b):
        listing = person.server_api("GET", "contents/")
        assert listing.status_code == 200, listing.text
        names = sorted(i["name"] for i in listing.json()["content"] if i["name"].endswith(".ipynb"))
        assert names == pack
        home = Path(pwd.getpwnam(person.name).pw_dir)
        assert home.stat().st_mode & 0o777 == 0o700
        for name in names:
            notebook = person.server_api("GET", f"contents/{name}").json()["content"]
            for cell in notebook["cells"]:
                assert "facilitator" not in cell["metadata"].get("tags", []), (person.name, name)
            assert "SENTINEL" not in json.dumps(notebook)
            copy = home / name
            assert copy.stat().st_uid == pwd.getpwnam(person.name).pw_uid  # the copy ran as them
            assert copy.stat().st_mode & 0o077 == 0  # umask 077
    assert hubenv.SENTINELS["markdown"]  # planted in 00_start_here.ipynb of the environment


SEARCH = r"""
import json, os, sys
import olivia_training
from olivia_training.content import load, registry
from olivia_training.content.base import is_withheld
sentinels = [s.encode() for s in json.loads({sentinels!r})]
texts = json.loads({texts!r})
home = os.path.expanduser("~")
package = os.path.dirname(olivia_training.__file__)
hits, files = [], 0
for root in (sys.prefix, home):
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            files += 1
            hits += [(path, s.decode()) for s in sentinels if s in data]
            if path.startswith((package, home)):
                flat = " ".join(data.decode("utf-8", "ignore").replace("\\n", " ").split())
                hits += [(path, t[:40]) for t in texts if t in flat]
keys = []
def visit(value, where):
    if isinstance(value, dict):
        for k, v in value.items():
            if k.startswith("facilitator_") and not is_withheld(v):
                keys.append(where + "." + k)
            visit(v, where + "." + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            visit(v, where)
for stem in registry():
    visit(load(stem).model_dump(warnings=False), stem)
print(json.dumps({{"files": files, "hits": hits, "package": package, "prefix": sys.prefix, "keys": keys,
                  "guide": os.path.exists(os.path.join(package, "_pack", "facilitator_guide"))}}))
"""


def test_no_facilitator_text_can_be_found_from_participant_Bs_kernel(running):
    import hubenv
    from handout_checks import facilitator_texts

    from olivia_training.content import load, registry
    from olivia_training.paths import guide_dir

    def strings(value) -> list[str]:
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [" ".join(value.split())] if isinstance(value, str) else []

    # Facilitator texts, less those that the open content says too (a briefing quote in a note).
    open_text = "\n".join(s for stem in registry() for s in strings(load(stem).participant_view()))
    texts = [t for stem in registry() for t in facilitator_texts(load(stem)) if len(t.split()) >= 4]
    texts += [" ".join(line.split()) for page in sorted(guide_dir().glob("*.md"))
              for line in page.read_text(encoding="utf-8").splitlines() if len(line) >= 80][:200]
    texts = [t for t in texts if t not in open_text]
    assert len(texts) > 20
    found = json.loads(running.b.run(SEARCH.format(sentinels=json.dumps(list(hubenv.SENTINELS.values())),
                                                   texts=json.dumps(texts)), timeout=60))
    assert found["prefix"] == str(running.env) and found["package"].startswith(str(running.env))
    assert found["files"] > 1000  # the whole environment was searched, not an empty folder
    assert found["hits"] == [], found["hits"]
    assert found["keys"] == []  # every facilitator_ field reads as withheld
    assert not found["guide"]


def test_an_answer_A_saves_cannot_be_read_by_B(running):
    a, b = running.a, running.b
    private = "PRIVATE-A-" + secrets.token_hex(4)
    where = a.run("from olivia_training.responses import ResponseStore\n"
                  f"s = ResponseStore(); s.save('reflection-q-cse', {{'reflection': '{private}'}})\n"
                  "print(s.folder)").strip()
    home_a = Path(pwd.getpwnam(a.name).pw_dir)
    answer = home_a / "answers" / "reflection-q-cse.json"
    assert where == str(home_a / "answers") and private in answer.read_text()
    assert answer.stat().st_uid == pwd.getpwnam(a.name).pw_uid and answer.stat().st_mode & 0o077 == 0
    # Through B's server's contents API: outside B's root, so never served.
    for path in (f"contents/..%2F{a.name}%2Fanswers%2Freflection-q-cse.json",
                 f"contents/../{a.name}/answers/reflection-q-cse.json",
                 f"contents/{home_a}/answers/reflection-q-cse.json"):
        response = b.server_api("GET", path)
        assert response.status_code != 200 and private not in response.text, path
    # Through A's server: B may not use it at all.
    assert b.server_api("GET", "contents/answers", user=a.name).status_code == 403
    # As a file, read by B's system user (B's kernel runs as B).
    out = b.run(f"""
for attempt in (lambda: open({str(answer)!r}).read(), lambda: __import__('os').listdir({str(home_a)!r})):
    try:
        print('READ', attempt())
    except PermissionError:
        print('PermissionError')
""")
    assert out.split() == ["PermissionError", "PermissionError"] and private not in out


def _view(person: Person, path: str = "") -> object:
    return person.session.get(f"{person.base}/services/cohort/{path}", allow_redirects=True)


def test_facilitator_gets_403_on_As_server_and_200_on_the_cohort_view(running):
    f = running.f
    assert f.open_server(running.a.name).status_code == 403
    assert f.server_api("GET", "contents/answers", user=running.a.name).status_code == 403
    view = _view(f)
    assert view.status_code == 200 and "Cohort progress" in view.text
    me = f.hub_api("GET", "user").json()
    assert not me.get("admin")
    # Their own server only (every user's `self`); nobody else's, and nothing admin.
    assert not [s for s in me["scopes"] if s.startswith("admin")
                or (s.startswith("access:servers") and s != f"access:servers!user={f.name}")]
    for person in (running.a, running.b):
        assert _view(person).status_code == 403
        assert _view(person, "report").status_code == 403


def test_As_completion_and_evaluation_reach_the_facilitator_and_B_cannot_read_them(running):
    a, b, f = running.a, running.b, running.f
    comment = "Good day <script>alert(1)</script> & more"
    sent = a.run(f"""
from olivia_training.reports import hub_client
from olivia_training.responses import ResponseStore
from olivia_training.views.reflection import ExportPanel
store = ResponseStore()
store.save('evaluation-notebooks', ['00', '01'])
store.save('confidence-before-q-cse', 2)
store.save('confidence-after-q-cse', 4)
store.save('evaluation-comments', {{'text': {comment!r}, 'share': True}})
panel = ExportPanel()
panel.build()
panel.session.value = 'HUB-TEST'
print(hub_client.available())
panel.send_evaluation()
print(panel.message.value)
panel.send_evaluation()
print(panel.message.value)
""")
    assert sent.startswith("True") and "Sent to the facilitator" in sent and "replaces" in sent, sent

    deadline = time.monotonic() + 15
    while True:
        page = _view(f).text
        if re.search(r"<th scope=\"row\">01: [^<]*</th><td>1 of 2</td>", page):
            break
        assert time.monotonic() < deadline, page
        time.sleep(0.3)
    assert re.search(r"Started \(their workspace is ready\)</th><td>2 of 2</td>", page), page
    assert re.search(r"evaluations received</th><td>1</td>", page), page
    report = _view(f, "report")
    assert report.status_code == 200
    assert "Participants (n)</th><td>1</td>" in report.text  # sent twice, kept once
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in report.text and "<script>" not in report.text
    # The service keeps no names.
    stored = (running.state / "cohort-service" / "store.json").read_text()
    assert not [n for n in running.participants if n in stored] and "HUB-TEST" in stored

    # B: not through the view, not with B's own server token, not from the service's files.
    assert _view(b, "report").status_code == 403
    out = b.run(f"""
import os, urllib.request, urllib.error
request = urllib.request.Request(os.environ['OLIVIA_COHORT_URL'] + 'report',
                                 headers={{'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']}})
try:
    print(urllib.request.urlopen(request).status)
except urllib.error.HTTPError as exc:
    print(exc.code)
try:
    print(open({str(running.state / 'cohort-service' / 'store.json')!r}).read())
except PermissionError:
    print('PermissionError')
""")
    assert out.split() == ["403", "PermissionError"], out

    # The same two pages are checked with axe in Chromium by tests/test_hub_config.py.


def test_facilitator_lists_and_stops_both_servers(running):
    f = running.f
    listed = f.hub_api("GET", "users")
    assert listed.status_code == 200
    users = {u["name"]: u for u in listed.json()}
    for person in (running.a, running.b):
        assert users[person.name]["servers"][""]["ready"]
    for person in (running.a, running.b):
        stopped = f.hub_api("DELETE", f"users/{person.name}/server")
        assert stopped.status_code in (202, 204), stopped.text
    for person in (running.a, running.b):
        f.wait_ready(person.name, ready=False)
        uid, deadline = pwd.getpwnam(person.name).pw_uid, time.monotonic() + 15
        while _processes(uid) and time.monotonic() < deadline:  # their kernels end with the server
            time.sleep(0.2)
        assert _processes(uid) == []


def test_ending_the_cohort_removes_accounts_users_and_homes_and_nobody_else(running):
    hub = running
    cohort_file = hub.state / "cohort.json"
    original = cohort_file.read_text()
    everyone = [*hub.participants, hub.facilitator]
    homes = [Path(pwd.getpwnam(n).pw_dir) for n in everyone]

    # A cohort file that names someone outside the cohort's group: refused, nothing deleted.
    tampered = json.loads(original)
    tampered["participants"].append(hub.outside)
    cohort_file.write_text(json.dumps(tampered))
    refused = hub.cli("cohort-end", "--state", str(hub.state), "--hub-url", hub.base, "--yes",
                      "--report", str(hub.state / "report.html"))
    assert refused.returncode == 2 and f"{hub.outside} is not in the cohort's group" in refused.stderr
    assert all(home.is_dir() for home in homes)
    cohort_file.write_text(original)

    ended = hub.cli("cohort-end", "--state", str(hub.state), "--hub-url", hub.base, "--yes",
                    "--report", str(hub.state / "report.html"))
    assert ended.returncode == 0, ended.stdout + ended.stderr + hub.log_tail()
    assert "Participants (n)</th><td>1</td>" in (hub.state / "report.html").read_text()
    token = (hub.state / "operator-token").read_text().strip()
    import dbm

    import requests

    for name, home in zip(everyone, homes, strict=True):
        assert requests.get(f"{hub.base}/hub/api/users/{name}",
                            headers={"Authorization": f"token {token}"}).status_code == 404
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
        assert not home.exists()
    with pytest.raises(KeyError):
        grp.getgrnam(hub.group)
    with dbm.open(str(hub.state / "passwords.dbm"), "r") as db:
        assert not [n for n in everyone if n.encode() in db]
    assert not (hub.state / "cohort.json").exists()
    assert not [p for p in (hub.state / "cohort-service").iterdir() if p.name in ("store.json", "secret")]
    # Someone outside the cohort is untouched.
    outside = pwd.getpwnam(hub.outside)
    assert Path(outside.pw_dir).is_dir()
