#!/usr/bin/env python3
"""Hub load benchmark: N participants log in at once, start their servers and run notebooks.

    sudo .venv/bin/python benchmarks/hub_load.py [--users 10]

What it does, on this machine only (127.0.0.1):

1. Makes a cohort of N participants with `olivia-training cohort-create` (system users with a
   random prefix) and starts the real JupyterHub, configured by `olivia_training.hub.configure`
   (FirstUseAuthenticator, LocalProcessSpawner, the cohort service, the idle culler) behind
   configurable-http-proxy. The participants' environment is the hub test's
   (tests/hub/hubenv.py: the participant edition, world-readable, outside the clone).
2. Each participant, all at the same moment, in their own thread: logs in through the login
   form (first use sets the password), starts their server, waits until the hub says it is
   ready (the "time to a ready server"), opens it through the hub's OAuth, then runs every
   code cell of notebook 00 and then of notebook 07 in kernels of their own server, through
   the kernel REST and websocket API that JupyterLab uses. Both kernels are left running, as
   the kernel culler allows (a kernel is culled only after 20 minutes idle, and never while a
   tab is open on it).
3. Reads memory and CPU time from /proc: each participant's server and kernels (RSS, and PSS,
   which shares common pages fairly), the hub, the proxy, the cohort service and the culler.
4. Always ends the cohort (`cohort-end --yes`), stops the hub and removes every user, home
   and process it made, whatever happened.

Needs root on Linux, configurable-http-proxy (npm) and the hub extra. Every wait is bounded.
Prints figures and the sizing they imply; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import math
import os
import platform
import pwd
import re
import secrets
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))
sys.path.insert(0, str(ROOT / "tests"))  # hubclient uses tests/helpers.py

NOTEBOOKS = ("00_start_here.ipynb", "07_what_does_this_mean_for_me.ipynb")
ALL_NOTEBOOKS = tuple(sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
MB = 1024 * 1024
# What a workshop machine needs besides the participants: the operating system, SSH, the
# journal and page cache for the environment's libraries. A round figure, not measured here.
OS_HEADROOM_MB = 1024
# How long the start of the day may take, everyone at once: logged in, server ready and the
# first notebook run. The cores figure is the CPU work of that, spread over this window.
# (Both windows are choices, printed with the figures, not measurements.)
START_WINDOW_S = 60
# How long "everyone press Run All now" may take for the heaviest notebook.
RUN_ALL_WINDOW_S = 60
# The most one HTTP request or websocket connection may take on a busy machine.
REQUEST_TIMEOUT_S = 120


# -- /proc ------------------------------------------------------------------------------------
def proc_field(pid: int, name: str, key: str) -> int:
    """A `kB` field of /proc/PID/status or smaps_rollup, in bytes (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def rss(pid: int) -> int:
    return proc_field(pid, "status", "VmRSS")


def pss(pid: int) -> int:
    return proc_field(pid, "smaps_rollup", "Pss")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    """Every descendant of `pid`."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        here = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == here]
        found += kids
        frontier += kids
    return found


def processes_of(name: str) -> list[int]:
    from olivia_training.hub.accounts import processes_of as by_uid

    try:
        return by_uid(pwd.getpwnam(name).pw_uid)
    except KeyError:
        return []


def cpu_seconds(pid: int) -> float:
    """CPU time the process and its waited-for children have used (utime, stime, cutime, cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# -- one participant --------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    ready_s: float = math.nan  # login + start until the hub reports the server ready
    open_s: float = math.nan  # then through OAuth to JupyterLab's page
    notebook_s: dict[str, float] = field(default_factory=dict)
    kernels: dict[str, str] = field(default_factory=dict)  # kernel id -> notebook number
    start_cpu: float = math.nan  # CPU seconds of their processes once ready and through notebook 00
    cells: int = 0
    cell_errors: list[str] = field(default_factory=list)  # the run goes on, as a participant would
    error: str = ""  # a step that stopped this participant altogether


def run_notebook(person, path: str, timeout: float) -> tuple[float, int, list[str], str]:
    """Every code cell of `path` (from the participant's own copy) in one new kernel of their
    server, over one websocket, in order; a cell that raises is recorded and the next one runs.
    The kernel is left running."""
    model = person.server_api("GET", f"contents/{path}")
    model.raise_for_status()
    cells = [c["source"] for c in model.json()["content"]["cells"] if c["cell_type"] == "code"]
    start = time.perf_counter()
    session = person.server_api("POST", "sessions", json={
        "path": path, "type": "notebook", "name": path, "kernel": {"name": "python3"}})
    session.raise_for_status()
    kernel_id = session.json()["kernel"]["id"]
    errors = asyncio.run(_execute_all(person, kernel_id, cells, timeout))
    return time.perf_counter() - start, len(cells), [f"{path[:2]} {e}" for e in errors], kernel_id


async def _execute_all(person, kernel_id: str, cells: list[str], timeout: float) -> list[str]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    prefix = f"/user/{person.name}/"
    url = urlparse(person.base)
    cookies = "; ".join(f"{c.name}={c.value}" for c in person.session.cookies
                        if prefix.startswith(c.path) or c.path == "/")
    xsrf = person._xsrf(prefix)
    request = HTTPRequest(f"ws://{url.netloc}{prefix}api/kernels/{kernel_id}/channels",
                          headers={"Cookie": cookies, "Origin": person.base, **xsrf},
                          connect_timeout=REQUEST_TIMEOUT_S, request_timeout=REQUEST_TIMEOUT_S)
    ws = await websocket_connect(request)
    session = uuid.uuid4().hex
    deadline = time.monotonic() + timeout
    errors: list[str] = []
    try:
        for number, code in enumerate(cells, 1):
            msg_id = uuid.uuid4().hex
            ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": person.name,
                           "session": session, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": False}}))
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"code cell {number} did not finish in time")
                raw = await asyncio.wait_for(ws.read_message(), left)
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "error":
                    content = msg["content"]
                    errors.append(f"cell {number}: {content['ename']}: {content['evalue']}"[:200])
                if kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
    finally:
        ws.close()
    return errors


def participant(base: str, name: str, notebooks: tuple[str, ...], start: threading.Barrier,
                timeout: float) -> Result:
    from hubclient import Person

    result = Result(name)
    person = Person(base, name)
    # Every HTTP request is bounded (requests has no timeout of its own).
    person.session.request = functools.partial(person.session.request, timeout=REQUEST_TIMEOUT_S)
    try:
        start.wait(timeout)
        t0 = time.perf_counter()
        login = person.login(secrets.token_urlsafe(12))
        if login.status_code != 302:
            raise RuntimeError(f"login answered {login.status_code}")
        started = person.hub_api("POST", f"users/{name}/server")
        if started.status_code not in (201, 202):
            raise RuntimeError(f"starting the server answered {started.status_code}: {started.text[:200]}")
        person.wait_ready(name, timeout=timeout)
        result.ready_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        page = person.open_server()
        if page.status_code != 200:
            raise RuntimeError(f"opening JupyterLab answered {page.status_code}")
        result.open_s = time.perf_counter() - t1
        for notebook in notebooks:
            seconds, cells, errors, kernel_id = run_notebook(person, notebook, timeout)
            result.notebook_s[notebook[:2]] = seconds
            result.kernels[kernel_id] = notebook[:2]
            result.cells += cells
            result.cell_errors += errors
            if math.isnan(result.start_cpu):
                result.start_cpu = sum(cpu_seconds(p) for p in processes_of(name))
    except Exception as exc:  # reported, never hidden: the figures say how many failed
        result.error = f"{type(exc).__name__}: {exc}"[:300]
    return result


# -- the hub ----------------------------------------------------------------------------------
@dataclass
class Hub:
    state: Path
    prefix: str
    service_user: str
    made: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    base: str = ""

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "olivia_training.cli", *args], capture_output=True,
                              text=True, timeout=timeout)

    def log_tail(self) -> str:
        log = self.state / "hub.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""


def why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "needs Linux (system users, /proc)"
    if os.geteuid() != 0:
        return "needs root (it creates and removes system users): run it with sudo"
    if not shutil.which("configurable-http-proxy"):
        return "configurable-http-proxy is not installed (npm install -g configurable-http-proxy)"
    try:
        import firstuseauthenticator  # noqa: F401
        import jupyterhub  # noqa: F401
    except ImportError as exc:
        return f"the hub extra is not installed ({exc.name}): pip install '.[hub]'"
    return None


def start_hub(users: int, env: Path, log=print) -> Hub:
    import requests


    prefix = "b" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(5))
    state = Path(tempfile.mkdtemp(prefix="olivia-hub-load-"))
    os.chmod(state, 0o755)
    hub = Hub(state, prefix, f"{prefix}svc", made=[f"{prefix}svc"])
    log(f"[hub-load] creating {users} participant accounts (prefix {prefix})")
    created = hub.cli("cohort-create", "--participants", str(users), "--facilitators", "1",
                      "--prefix", prefix, "--state", str(state), "--slips", str(state / "slips.html"),
                      "--service-user", hub.service_user)
    cohort_file = state / "cohort.json"
    if cohort_file.exists():
        cohort = json.loads(cohort_file.read_text())
        hub.participants = cohort["participants"]
        hub.made += cohort["participants"] + cohort["facilitators"] + [cohort["group"]]
    if created.returncode != 0:
        raise RuntimeError(f"cohort-create failed: {created.stderr.strip()}")
    import hubenv

    config, port = hubenv.write_loopback_config(
        state, env, hub.service_user,
        extra_lines=f"c.JupyterHub.concurrent_spawn_limit = {max(100, users)}\n")
    with open(state / "hub.log", "wb") as out:
        hub.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    hub.base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{hub.base}/hub/api", timeout=2).status_code == 200:
                return hub
        except requests.RequestException:
            pass
        if hub.process.poll() is not None:
            raise RuntimeError(f"the hub exited:\n{hub.log_tail()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not start in 60 s:\n{hub.log_tail()}")
        time.sleep(0.3)


def stop_and_clean(hub: Hub, log=print) -> None:
    """End the cohort the operator's way, then make sure nothing of it is left."""
    if hub.process is not None and hub.process.poll() is None and hub.participants:
        ended = hub.cli("cohort-end", "--state", str(hub.state), "--report", str(hub.state / "report.html"),
                        "--hub-url", hub.base, "--yes", timeout=180)
        log(f"[hub-load] cohort-end exited {ended.returncode}"
            + (f": {ended.stderr.strip()[-500:]}" if ended.returncode else ""))
    if hub.process is not None and hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)  # the hub stops the servers, services and proxy
        try:
            hub.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait()
    for name in hub.made:  # whatever cohort-end could not remove: only our own users' processes
        for pid in processes_of(name):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    for name in hub.made:
        subprocess.run(["userdel", "--remove", name], capture_output=True)
        subprocess.run(["groupdel", name], capture_output=True)
    left = [name for name in hub.made if _exists(name)]
    if left:
        log(f"[hub-load] WARNING: could not remove {', '.join(left)}")
    shutil.rmtree(hub.state, ignore_errors=True)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


# -- memory -----------------------------------------------------------------------------------
@dataclass
class Usage:
    server_rss: list[int] = field(default_factory=list)
    kernel_rss: dict[str, list[int]] = field(default_factory=dict)  # by notebook number
    kernel_cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds, by notebook
    participant_rss: list[int] = field(default_factory=list)
    participant_pss: list[int] = field(default_factory=list)
    participant_cpu: list[float] = field(default_factory=list)
    kernels_each: list[int] = field(default_factory=list)
    parts: dict[str, int] = field(default_factory=dict)
    shared_cpu: float = 0.0


def measure(hub: Hub, results: list[Result]) -> Usage:
    usage = Usage()
    notebook_of = {kernel: nb for r in results for kernel, nb in r.kernels.items()}
    for name in [r.name for r in results if not r.error]:  # those who got through it all
        pids = processes_of(name)
        kernels = [p for p in pids if "ipykernel" in cmdline(p)]
        servers = [p for p in pids if p not in kernels]
        usage.server_rss.append(sum(rss(p) for p in servers))
        for pid in kernels:  # the connection file's name holds the kernel's id
            found = re.search(r"kernel-([0-9a-f-]+)\.json", cmdline(pid))
            nb = notebook_of.get(found.group(1), "?") if found else "?"
            usage.kernel_rss.setdefault(nb, []).append(rss(pid))
            usage.kernel_cpu.setdefault(nb, []).append(cpu_seconds(pid))
        usage.kernels_each.append(len(kernels))
        usage.participant_rss.append(sum(rss(p) for p in pids))
        usage.participant_pss.append(sum(pss(p) for p in pids))
        usage.participant_cpu.append(sum(cpu_seconds(p) for p in pids))
    tree = children(hub.process.pid)
    service = processes_of(hub.service_user)
    usage.parts["hub"] = rss(hub.process.pid)
    usage.parts["proxy"] = sum(rss(p) for p in tree if "configurable-http-proxy" in cmdline(p))
    usage.parts["culler"] = sum(rss(p) for p in tree if "jupyterhub_idle_culler" in cmdline(p))
    usage.parts["cohort service"] = sum(rss(p) for p in service)
    theirs = {p for name in hub.participants for p in processes_of(name)}
    usage.shared_cpu = sum(cpu_seconds(p) for p in {hub.process.pid, *tree, *service} - theirs)
    return usage


# -- report -----------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else math.nan


def mb(value: float) -> str:
    return f"{value / MB:.0f} MB"


def report(users: int, results: list[Result], usage: Usage, wall: float, load: float) -> None:
    ok = [r for r in results if not r.error]
    ready = [r.ready_s for r in results if not math.isnan(r.ready_s)]
    print()
    print(f"Hub load: {users} participants at once on {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM "
          f"(Python {platform.python_version()}, JupyterHub {_version('jupyterhub')}, LocalProcessSpawner); "
          f"load average when it began: {load:.2f}")
    print(f"  completed: {len(ok)} of {users}, in {wall:.0f} s")
    for r in results:
        if r.error:
            print(f"  FAILED {r.name}: {r.error}")
    failing = sorted({e for r in results for e in r.cell_errors})
    if failing:
        print(f"  code cells that raised (in {sum(bool(r.cell_errors) for r in results)} of {users} "
              "participants' kernels):")
        for error in failing:
            print(f"    notebook {error}")
    if ready:
        print(f"  time to a ready server (login + start): p50 {percentile(ready, 50):.1f} s, "
              f"p95 {percentile(ready, 95):.1f} s, max {max(ready):.1f} s")
    opened = [r.open_s for r in ok]
    if opened:
        print(f"  then JupyterLab's page (through the hub's OAuth): p50 {percentile(opened, 50):.1f} s")
    for nb in sorted({nb for r in ok for nb in r.notebook_s}):
        times = [r.notebook_s[nb] for r in ok if nb in r.notebook_s]
        if times:
            print(f"  notebook {nb}, every code cell in a new kernel: p50 {percentile(times, 50):.1f} s, "
                  f"p95 {percentile(times, 95):.1f} s")
    if not usage.participant_rss:
        return
    server = statistics.mean(usage.server_rss)
    per_notebook = {nb: statistics.mean(v) for nb, v in sorted(usage.kernel_rss.items()) if nb != "?"}
    kernel = statistics.mean(per_notebook.values()) if per_notebook else 0
    each = statistics.mean(usage.participant_rss)
    print(f"  memory per participant (RSS): server {mb(server)} + {statistics.mean(usage.kernels_each):.1f} "
          f"kernels = {mb(each)} (largest {mb(max(usage.participant_rss))}); "
          f"PSS {mb(statistics.mean(usage.participant_pss))}")
    print("  one kernel, by notebook: " + ", ".join(f"{nb} {mb(v)}" for nb, v in per_notebook.items()))
    shared = sum(usage.parts.values())
    print("  shared: " + ", ".join(f"{k} {mb(v)}" for k, v in usage.parts.items()) + f" = {mb(shared)}")
    two = server + sum(sorted(per_notebook.values())[-2:]) if len(per_notebook) >= 2 else server + 2 * kernel
    # Measured notebooks at their own figure, the others at the mean of those measured.
    eight = server + sum(per_notebook.get(nb[:2], kernel) for nb in ALL_NOTEBOOKS)
    estimated = len({nb[:2] for nb in ALL_NOTEBOOKS} - set(per_notebook))
    print(f"  a participant with 2 kernels open (the two largest): {mb(two)}; "
          f"with all {len(ALL_NOTEBOOKS)} notebooks' kernels open: {mb(eight)}"
          + (f" ({estimated} of them estimated from the mean kernel)" if estimated else ""))
    cpu = statistics.mean(usage.participant_cpu)
    ran = ", ".join(sorted({nb for r in ok for nb in r.notebook_s}))
    start_cpu = statistics.mean(r.start_cpu for r in ok) if ok else math.nan
    run_all = {nb: statistics.mean(v) for nb, v in sorted(usage.kernel_cpu.items()) if nb != "?"}
    heaviest = max(run_all, key=run_all.get) if run_all else "?"
    print(f"  CPU time per participant: {start_cpu:.1f} s to log in, start and run notebook 00; "
          f"{cpu:.1f} s with notebooks {ran}; hub, proxy and services together {usage.shared_cpu:.1f} s")
    print("  one kernel's CPU time for Run All, by notebook: "
          + ", ".join(f"{nb} {v:.1f} s" for nb, v in run_all.items()))
    print()
    print(f"Sizing at 100% concurrency. RAM = N x per participant + {mb(shared)} shared + "
          f"{OS_HEADROOM_MB} MB for the system.")
    print(f"Cores = the larger of N x {start_cpu:.1f} CPU-s over {START_WINDOW_S} s (everyone starts) "
          f"and N x {run_all.get(heaviest, 0):.1f} CPU-s over {RUN_ALL_WINDOW_S} s (everyone runs notebook "
          f"{heaviest} at once), rounded up, + 1 for the hub and proxy.")
    for n in (30, 60, 100):
        low = n * two + shared + OS_HEADROOM_MB * MB
        high = n * eight + shared + OS_HEADROOM_MB * MB
        cores = math.ceil(max(n * start_cpu / START_WINDOW_S,
                              n * run_all.get(heaviest, 0) / RUN_ALL_WINDOW_S)) + 1
        print(f"  {n:>3} participants: {low / 2**30:4.1f} GB RAM with 2 kernels each, "
              f"{high / 2**30:4.1f} GB with every notebook open; {cores} cores")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10, metavar="N",
                        help="participants at once (default 10)")
    parser.add_argument("--all-notebooks", action="store_true",
                        help=f"run all {len(ALL_NOTEBOOKS)} notebooks, not only 00 and 07")
    parser.add_argument("--timeout", type=float, default=300, metavar="S",
                        help="the most any one participant's step may take (default 300 s)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200:
        print("--users: 1 to 200", file=sys.stderr)
        return 2
    reason = why_not()
    if reason:
        print(f"hub_load.py {reason}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    with participants_environment() as env:
        return run(args, env)


@contextlib.contextmanager
def participants_environment():
    """The hub test's environment, held so that nothing reinstalls it during the run (the hub
    test rebuilds it when the sources change; a reinstall under running servers breaks them)."""
    import hubenv
    from filelock import FileLock

    for _ in range(3):
        env = hubenv.ensure(lambda m: print(m, file=sys.stderr))
        lock = FileLock(str(hubenv.ENV_ROOT / ".lock"), timeout=900)
        with lock:
            if (env / hubenv.READY).read_text(encoding="utf-8") == hubenv.digest():
                yield env
                return
    raise RuntimeError("the participants' environment kept changing; try again")


def run(args, env: Path) -> int:
    hub = None
    try:
        hub = start_hub(args.users, env)
        load = os.getloadavg()[0]
        barrier = threading.Barrier(args.users)
        print(f"[hub-load] {args.users} participants log in and run notebooks ...")
        t0 = time.perf_counter()
        notebooks = ALL_NOTEBOOKS if args.all_notebooks else NOTEBOOKS
        pool = ThreadPoolExecutor(max_workers=args.users)
        futures = [pool.submit(participant, hub.base, name, notebooks, barrier, args.timeout)
                   for name in hub.participants]
        # Each participant's steps are bounded; this bounds the whole run as well.
        limit = time.monotonic() + args.timeout * (2 + len(notebooks))
        results = []
        for name, future in zip(hub.participants, futures, strict=True):
            try:
                results.append(future.result(timeout=max(1.0, limit - time.monotonic())))
            except FutureTimeout:
                results.append(Result(name, error="did not finish in time"))
        pool.shutdown(wait=False, cancel_futures=True)  # stopping the hub ends any straggler
        wall = time.perf_counter() - t0
        time.sleep(2)  # let the kernels settle after their last reply
        usage = measure(hub, results)
        report(args.users, results, usage, wall, load)
        return 0 if all(not (r.error or r.cell_errors) for r in results) else 1
    finally:
        if hub is not None:
            stop_and_clean(hub)


if __name__ == "__main__":
    sys.exit(main())
