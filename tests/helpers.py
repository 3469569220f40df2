"""Helpers shared by the tests: the published briefing, text normalising, and the browser
(Debian Chromium, request blocking and axe-core)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.handouts.browser_flags import launch_args
from olivia_training.handouts.pdf import find_browser, not_found_message

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DATA = Path(__file__).resolve().parent / "data"
BRIEFING_COPY = DATA / "olivia-learning-briefing.txt"


class LazyPformat:
    """`pprint.pformat(value)`, made when a log line that holds it is written, not before.

    nbval logs every kernel message at debug level with `pformat(msg)` as an argument, so the
    message is formatted whether or not debug logging is on (nbval/kernel.py, `get_message`).
    conftest.py puts this in its place: nbval's eight notebooks then cost pytest 2.6 s of
    CPU instead of 4.3 s, and with debug logging on the line is the same."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __str__(self) -> str:
        import pprint

        return pprint.pformat(self.value)


# -- sharing the work between xdist workers ----------------------------------------------------
# Modules whose tests are meant to spread over the workers: their parts are dealt by weight.
SPREAD = ("tests/test_handouts_browser.py",)


def xdist_scope(nodeid: str) -> str:
    """The xdist work unit a test belongs to: tests in one unit run on one worker, in order.

    A module is one unit, so that its module-scoped fixtures are made once per run, not once
    per worker (the PDF texts of tests/test_formats_pdf.py, for one, cost 13 s each time).
    """
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/e2e/"):
        return "lab"
    if path.startswith("tests/hub/"):
        return "hub"
    if path.startswith("notebooks/") and path.endswith(".ipynb"):
        return f"nbval:{path}"
    if path in SPREAD:
        return nodeid
    return path


# -- running apart from Playwright's event loop -------------------------------------------------
def run_apart(function, *args):
    """`function(*args)` in a thread of its own, for `asyncio.run` and Playwright's sync API:
    on an xdist worker the session's browser (Playwright's sync API) keeps an event loop
    running in the main thread, and neither will nest inside it."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


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
                                    args=list(launch_args()))
        try:
            yield browser
        finally:
            browser.close()


# Chromium's answer when the copy of a page's compositor surface comes back empty.
NO_SURFACE = "Unable to capture screenshot"
_PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def screenshot(target, path: Path, *, attempts: int = 2) -> Path:
    """`target.screenshot(path=...)` (a page or a locator), for the pictures the suite leaves
    in test-artifacts/ for people to look at; again, after the page has painted a frame, when
    Chromium answers `NO_SURFACE`.

    Chromium gave that answer once in about thirty runs of the suite, on a handout that had
    loaded, with both cores busy (2 December); four hundred screenshots of the same pages in
    a loop, with the cores loaded, never did. Nothing the pack ships takes a screenshot, so a
    second try is the test's business, not a handout's fault; any other error, or the same
    one twice, still fails the test."""
    page = getattr(target, "page", target)  # a locator's page; a page is its own
    for _ in range(attempts - 1):
        try:
            target.screenshot(path=str(path))
            return path
        except Exception as error:  # Playwright's Error: only its message tells the kinds apart
            if NO_SURFACE not in str(error):
                raise
            page.evaluate(_PAINTED)
    target.screenshot(path=str(path))  # the last try: whatever it raises fails the test
    return path


@dataclass
class PageVisit:
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


OFFLINE = ("file:", "data:", "about:")
VIEWPORT = {"width": 1100, "height": 1400}


def outside(allowed: tuple[str, ...]) -> re.Pattern:
    """A `route()` pattern for every URL that starts with none of `allowed`. Playwright's
    driver matches it, so an allowed request never waits on a round trip to Python (a
    JupyterLab page makes hundreds)."""
    return re.compile("^(?!" + "|".join(map(re.escape, allowed)) + ")")


def _record_offline(page, visit_of, allowed) -> None:
    """Block and record every request outside `allowed`, and record console and page errors,
    into whatever visit `visit_of()` returns (the current page's)."""
    def block(r):
        visit_of().outside_requests.append(r.request.url)
        r.abort()

    page.route(outside(allowed), block)
    page.on("console", lambda m: m.type == "error" and visit_of().console_errors.append(m.text))
    page.on("pageerror", lambda e: visit_of().page_errors.append(str(e)))


class OfflineTab:
    """One tab that opens page after page offline, with axe-core already in every page.

    For checking many pages: a context and a renderer per page cost about as much as axe on a
    short page, and injecting axe's 500 kB into each page costs more; an init script is
    compiled once. Each `open()` is a fresh document with its own PageVisit record.
    """

    def __init__(self, browser, allowed=OFFLINE, *, fast_colour: bool = True):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(script=axe_source(fast_colour=fast_colour))
        self.page = self.context.new_page()
        self.visit = PageVisit()
        _record_offline(self.page, lambda: self.visit, allowed)

    def open(self, url: str) -> PageVisit:
        """Load `url` on screen (a print pass on the last page left the tab in print)."""
        self.visit = PageVisit()
        self.page.emulate_media(media="screen")
        self.page.goto(url, wait_until="load")
        return self.visit

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> OfflineTab:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# axe-core's Color class: its six private fields and its private method's mark, as Babel
# declares them (`Se=new WeakMap,...,je=new WeakSet,`); the class is the one whose methods
# follow with toHexString among them.
_COLOR_FIELDS = re.compile(r"=\((?P<fields>(?:[\w$]+=new WeakMap,){6}[\w$]+=new WeakSet),")
_COLOR_METHOD = '{key:"toHexString"'


def fast_fields(axe: str) -> tuple[str, str]:
    """axe-core with its Color class's weak tables swapped for tests/axe_fast_fields.js's
    OliviaField, and what was done: "fast", or "absent: ..." when this axe does not declare
    the class as 4.12.1 does (then axe is returned as it was, and the suite's check that the
    swap is on fails, rather than the suite running slower without saying so)."""
    found = [m for m in _COLOR_FIELDS.finditer(axe) if _COLOR_METHOD in axe[m.end():m.end() + 3000]]
    if len(found) != 1:
        return axe, f"absent: {len(found)} Color classes found"
    start, end = found[0].span("fields")
    fields = re.sub(r"new Weak(?:Map|Set)", "new OliviaField", axe[start:end])
    return axe[:start] + fields + axe[end:], "fast"


@functools.cache
def axe_source(*, fast_colour: bool = True) -> str:
    """axe-core, as axe-playwright-python ships it; by default made faster for the suite, with
    the same results: its Color class's private fields as plain properties
    (tests/axe_fast_fields.js, `fast_fields`), and then tests/axe_fast_colour.js, a faster
    parser for the rgb() colours Chromium computes, which checks itself against axe's own and
    stands aside if they differ. `fast_colour=False`: axe-core alone."""
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    if not fast_colour:
        return axe
    here = Path(__file__).resolve().parent
    axe, fields = fast_fields(axe)
    return "\n".join([(here / "axe_fast_fields.js").read_text(encoding="utf-8"), axe,
                      f"window.oliviaFastFields = {fields!r};",
                      (here / "axe_fast_colour.js").read_text(encoding="utf-8")])


def run_axe(page, rules: list[str] | None = None, *, context: dict | None = None,
            skip: tuple[str, ...] = ()) -> list[dict]:
    """axe-core violations: the WCAG 2.0/2.1 A and AA rules, or only `rules` when given (the
    print pass needs only color-contrast), on the whole document or on `context` (axe's
    include/exclude selectors), without the rules in `skip`. Only violations are gathered in
    full (`resultTypes`): passes and the rest are what makes axe slow on long pages. Each comes
    back as its rule id, impact, help and first five targets (`_AXE_VIOLATIONS`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    options = {"runOnly": run_only, "resultTypes": ["violations"],
               "rules": {rule: {"enabled": False} for rule in skip}}
    return page.evaluate(_AXE_VIOLATIONS, [context, options])


# axe's violations, cut down in the page to what a failure message shows. Its whole result
# holds every rule run (passed and inapplicable ones too) with its metadata: carrying that to
# pytest cost about 4 s of CPU for the 33 handout pages in both media, 1.5 s of it pytest's
# own and the rest Chromium's and Playwright's driver's (DEVELOPING.md).
_AXE_VIOLATIONS = """async ([context, options]) => {
    const result = await axe.run(context || document, options);
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 5).map(n => n.target)}));
}"""
