"""Helpers shared by the tests: the published briefing, text normalising, and the browser
(Debian Chromium, request blocking and axe-core)."""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.handouts.pdf import FLAGS as CHROMIUM_FLAGS
from olivia_training.handouts.pdf import find_browser, not_found_message

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DATA = Path(__file__).resolve().parent / "data"
BRIEFING_COPY = DATA / "olivia-learning-briefing.txt"


# -- sharing the work between xdist workers ----------------------------------------------------
def xdist_scope(nodeid: str) -> str:
    """The xdist work unit a test belongs to: tests in one unit run on one worker, in order."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/e2e/"):
        return "lab"
    if path.startswith("tests/hub/"):
        return "hub"
    if path.startswith("notebooks/") and path.endswith(".ipynb"):
        return f"nbval:{path}"
    return nodeid


# -- made once per test run ------------------------------------------------------------------
def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """`make(folder)` runs once per test run, on whichever xdist worker asks first; the other
    workers wait on a file lock and then use the same folder. A failure is remembered, so
    every worker reports it instead of trying again. Callers must not change the folder.
    """
    import pytest
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    # Workers' temporary folders sit side by side in the run's own (popen-gw0, popen-gw1).
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            try:
                make(folder)
            except BaseException as exc:  # a timeout or pytest.fail too, so the others know
                done.write_text(f"{type(exc).__name__}: {exc}"[:4000], encoding="utf-8")
                raise
            done.write_text("ok", encoding="utf-8")
    outcome = done.read_text(encoding="utf-8")
    if outcome != "ok":
        pytest.fail(f"{name} could not be made on another worker: {outcome}", pytrace=False)
    return folder


# -- the published briefing -------------------------------------------------------------------
def published_briefing() -> str:
    """The briefing exactly as RBSCP published it: the repository's copy without its header.

    The copy lives in the repository so that a fresh clone can check every quote on its own.
    """
    text = BRIEFING_COPY.read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def recorded_briefing_digest() -> str:
    """The sha256 the copy's header records for the text, so an edit to the copy shows."""
    header = BRIEFING_COPY.read_text(encoding="utf-8")
    return re.search(r"^# sha256 of the text below: ([0-9a-f]{64})$", header, re.M).group(1)


def briefing_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_items() -> list[dict]:
    """The facts the reference notes mark CHECK (tests/data/check_items.yaml)."""
    import yaml

    return yaml.safe_load((DATA / "check_items.yaml").read_text(encoding="utf-8"))


# -- text -------------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Whitespace collapsed to single spaces: content YAML folds lines, HTML re-wraps them."""
    return " ".join(text.split())


def page_text(page: str, *, tags: bool = True) -> str:
    """What a reader of an HTML page sees, for `in` checks: entities decoded, whitespace
    collapsed; with tags=False the markup is dropped too (so text split by inline tags,
    such as <em>, still matches)."""
    if not tags:
        page = re.sub(r"<[^>]+>", " ", page)
    return squash(html.unescape(page))


def chromium_path() -> str:
    """The browser the build prints PDFs with (the package's one discovery function):
    OLIVIA_CHROMIUM, else Chromium, Chrome or Edge in the usual places."""
    path = find_browser()
    if path is None:
        raise RuntimeError(f"Chromium not found ({not_found_message()}). "
                           "On Debian/Ubuntu: apt-get install -y chromium.")
    return str(path)


@contextlib.contextmanager
def launch_chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                    args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageVisit:
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def open_offline(browser, url: str, allowed=("file:", "data:", "about:")):
    """Open `url` with every request outside `allowed` recorded and blocked."""
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    visit = PageVisit()

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            visit.outside_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.goto(url, wait_until="load")
    return context, page, visit


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core violations: the WCAG 2.0/2.1 A and AA rules, or only `rules` when given (the
    print pass needs only color-contrast). Only violations are gathered in full
    (`resultTypes`): passes and the rest are what makes axe slow on long pages."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate(
        "runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
