"""Helpers for the browser tests: Debian Chromium, request blocking and axe-core."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.handouts.pdf import FLAGS as CHROMIUM_FLAGS
from olivia_training.handouts.pdf import find_browser, not_found_message

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


def run_axe(page) -> list[dict]:
    """axe-core violations for WCAG 2.0/2.1 A and AA rules."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
