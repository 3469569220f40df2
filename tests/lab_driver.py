"""Driving a real JupyterLab in headless Chromium, the way a participant uses it.

One `olivia-training lab` serves every test that needs a server (tests/test_lab.py and
tests/e2e); conftest.py keeps those tests on one xdist worker. Waits are on page states
(the kernel indicator, prompts, "Saved" labels), never fixed sleeps. Kernel messages are
read off the websocket, so an error raised anywhere in the kernel, including inside a widget
callback that JupyterLab only sends to its log, is seen.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import helpers
from helpers import outside

from olivia_training.lab import free_port

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KERNEL_ERROR = re.compile(rb'"msg_type"\s*:\s*"error"')
EXECUTE_REPLY = re.compile(rb'"msg_type"\s*:\s*"execute_reply"')
ANSI_COLOUR = re.compile(rb"\\u001b\[[0-9;]*m")  # as JSON writes them in a traceback
# Every output JupyterLab shows as a widget (it gives them no data-mime-type), in page script.
_WIDGET_OUTPUTS = ("[...document.querySelectorAll('.jp-OutputArea-output')].filter(o => "
                   "[null, mime].includes(o.getAttribute('data-mime-type')))")


def on_notebook(*names: str):
    """Give a test the page of each named notebook, open and Run All'd once (`lab_notebook`,
    tests/e2e/conftest.py); conftest.py runs a notebook's tests one after another."""
    import pytest

    return pytest.mark.parametrize("lab_notebook", names, indirect=True)


def _as_if_from_a_terminal() -> None:
    """Ctrl-C must reach the server the way it does in a terminal. A test run started in the
    background (CI, `&`) ignores SIGINT, and a child would inherit that: restore it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class LabServer:
    """`olivia-training lab --no-browser`, the participant's own command."""

    workspace: Path
    port: int = 0
    process: subprocess.Popen | None = None
    base: str = ""
    token: str = ""
    printed_url: str = ""  # the line the participant is told to open
    log: Path | None = None

    def start(self, timeout: float = 90) -> LabServer:
        self.port = self.port or free_port()
        self.log = self.workspace.parent / "lab-server.log"
        env = {k: v for k, v in os.environ.items() if k != "OLIVIA_BUILD"}
        self._log_handle = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "olivia_training.cli", "lab", "--workspace", str(self.workspace),
             "--no-browser", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=self._log_handle, text=True, env=env,
            start_new_session=True, preexec_fn=_as_if_from_a_terminal,
        )
        deadline = time.monotonic() + timeout
        for line in self.process.stdout:
            match = re.search(r"(http://127\.0\.0\.1:\d+)/\S*\?token=(\S+)", line)
            if match:
                self.base, self.token = match.group(1), match.group(2)
                self.printed_url = match.group(0)
                break
            if time.monotonic() > deadline:
                break
        if not self.token:
            self.stop()
            raise RuntimeError("olivia-training lab printed no URL")
        while time.monotonic() < deadline:
            try:
                self.api("/api/status")
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"JupyterLab exited: see {self.log}") from None
                time.sleep(0.25)
        self.stop()
        raise RuntimeError("JupyterLab did not answer in time")

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self, notebook: str) -> None:
        """A closed page leaves its kernel running in the server; stop it (memory, CPU)."""
        for session in self.api("/api/sessions"):
            if session.get("path") == notebook:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")

    @property
    def running(self) -> bool:
        return bool(self.process) and self.process.poll() is None

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C to `olivia-training lab` itself; its exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def url(self, notebook: str) -> str:
        # `reset` starts from an empty layout, so no tab restored from earlier pages is open.
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"

    def stop(self) -> None:
        """Stop the server and anything it started (its process group), whatever state it is in."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        if self.process:
            with contextlib.suppress(ProcessLookupError):  # kernels left in the group
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process.stdout.close()
        if getattr(self, "_log_handle", None):
            self._log_handle.close()


@dataclass
class Problems:
    kernel_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


class LabSession:
    """JupyterLab loaded once in one browser page; notebooks are opened in it one at a time,
    through the File menu, as a participant moves from one notebook to the next. (Loading
    JupyterLab is most of the cost of opening a notebook: this pays it once per run.)"""

    def __init__(self, browser, server: LabServer):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.current: NotebookPage | None = None
        self.problems = Problems()  # before the first notebook opens
        self.page.on("pageerror", lambda e: self._problems().page_errors.append(str(e)))
        self.page.on("websocket", self._watch)
        self.page.route(outside((server.base, "data:", "blob:", "about:")), self._outside)
        # `reset` starts from an empty layout: no tab restored from an earlier session.
        self.page.goto(f"{server.base}/lab?reset&token={server.token}")
        self.page.locator(".lm-MenuBar-item", has_text="File").first.wait_for(timeout=90_000)

    def _problems(self) -> Problems:
        return self.current.problems if self.current else self.problems

    def _outside(self, route):
        self._problems().outside_requests.append(route.request.url)
        route.abort()

    def _watch(self, ws):
        """Kernel messages, credited to the notebook open when the websocket was opened."""
        owner = self.current

        def frame(payload):
            if owner is None or owner is not self.current:
                return
            data = payload if isinstance(payload, bytes) else payload.encode()
            if EXECUTE_REPLY.search(data):
                owner.replies += 1
            if KERNEL_ERROR.search(data):
                # The traceback, colours removed, up to its last 6,000 characters (a whole one,
                # as a rule): the last 1,500 once showed an ImportError but not its cause.
                text = ANSI_COLOUR.sub(b"", data).decode("utf-8", "replace")
                owner.problems.kernel_errors.append(text[-6000:])
        ws.on("framereceived", frame)

    def open(self, notebook: str) -> NotebookPage:
        if self.current:
            self.current.close()
        self.current = NotebookPage(self, notebook)
        self.current.open()
        return self.current

    def close(self) -> None:
        if self.current:
            with contextlib.suppress(Exception):  # the server may be stopped already
                self.current.close()
        self.context.close()


class NotebookPage:
    """One notebook open in the session's JupyterLab, with the problems seen while it was."""

    def __init__(self, session: LabSession, notebook: str):
        self.session = session
        self.server = session.server
        self.page = session.page
        self.notebook = notebook
        self.problems = Problems()
        self.replies = 0
        self.open_ = False
        self.ran_all = False

    def open(self) -> None:
        model = self.server.api(f"/api/contents/{self.notebook}")["content"]
        self.n_code_cells = sum(1 for c in model["cells"] if c["cell_type"] == "code")
        self._file_menu("filebrowser:open-path")
        self.page.locator(".jp-Dialog input").fill(self.notebook)
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.open_ = True
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
        # A kernel is connected once the toolbar names it and reports idle.
        self.page.wait_for_selector(".jp-NotebookPanel-toolbar .jp-KernelName:has-text('Python')",
                                    timeout=90_000)
        self.wait_idle()

    def _file_menu(self, command: str) -> None:
        self.page.locator(".lm-MenuBar-item", has_text="File").first.click()
        self.page.click(f".lm-Menu-item[data-command='{command}']:not(.lm-mod-disabled)")

    # -- kernel -----------------------------------------------------------------------------
    def wait_idle(self, timeout: float = 120_000) -> None:
        self.page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                    timeout=timeout)

    def _menu(self, menu: str, command: str) -> None:
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
        self.page.locator(".lm-MenuBar-item", has_text=menu).first.click()
        self.page.click(f".lm-Menu-item[data-command='{command}']:not(.lm-mod-disabled)")

    def _wait_replies(self, expected: int, timeout: float = 120) -> None:
        """The kernel has answered every cell (hidden inputs show no prompt to read)."""
        deadline = time.monotonic() + timeout
        while self.replies < expected:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook}: {self.replies} of {expected} cells ran")
            self.page.wait_for_timeout(100)  # lets Playwright deliver websocket events
        self.wait_idle()

    def run_all(self) -> None:
        start = self.replies
        self._menu("Run", "runmenu:run-all")
        self._wait_replies(start + self.n_code_cells)
        self.wait_drawn()
        self.ran_all = True

    def restart_and_run_all(self) -> None:
        self._menu("Kernel", "runmenu:restart-and-run-all")
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        start = self.replies
        self._wait_replies(start + self.n_code_cells)
        self.wait_drawn()

    # -- what the participant sees ------------------------------------------------------
    def output_mimes(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".jp-OutputArea-output", "els => els.map(e => e.getAttribute('data-mime-type'))")

    def wait_drawn(self, timeout: float = 15_000) -> None:
        """JupyterLab may draw a widget after the kernel has gone idle (it makes the view's
        models first): wait until every widget output holds a drawn widget or JupyterLab's
        error text. After `timeout` ms it returns anyway, and `widget_report` says what is
        missing."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(f"(mime) => {_WIDGET_OUTPUTS}.every(o => "
                                        "o.querySelector('.jupyter-widgets') || "
                                        "o.innerText.includes('Error displaying widget'))",
                                        arg=WIDGET_MIME, timeout=timeout)

    def widget_report(self) -> dict:
        """Widget outputs and how they rendered (`run_all` has waited for them: `wait_drawn`)."""
        return self.page.evaluate(
            """(mime) => {
                const outs = """ + _WIDGET_OUTPUTS + """;
                const rendered = outs.filter(o => o.querySelector('.jupyter-widgets'));
                const visible = rendered.filter(o => o.getBoundingClientRect().height > 0);
                return {
                    widget_outputs: outs.length,
                    rendered: rendered.length,
                    visible: visible.length,
                    exercises: document.querySelectorAll('.olivia-exercise').length,
                    fallback_worksheets:
                        document.querySelectorAll('.jp-OutputArea-output [data-olivia-exercise]').length,
                    error_text: document.body.innerText.includes('Error displaying widget'),
                };
            }""", WIDGET_MIME)

    def error_outputs(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            "els => els.map(e => e.innerText.slice(0, 500))")

    def screenshot(self, path: Path) -> None:
        helpers.screenshot(self.page, path)

    def close(self) -> None:
        """File > Close and Shut Down Notebook: the tab goes, and its kernel with it."""
        if not self.open_:
            return
        self.open_ = False
        if self.session.current is self:
            self.session.current = None
        if not self.server.running:
            return
        self._menu("File", "filemenu:close-and-cleanup")
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.wait_for_selector(".jp-NotebookPanel", state="detached", timeout=30_000)
