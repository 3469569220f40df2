"""PDF editions, printed by a Chromium-family browser that is already on the machine.

Many NHS, police and council mail systems strip `.html` attachments, and learning platforms
expect PDFs. So the build prints its own HTML with the browser's own print-to-PDF: the
pack's print stylesheet stays the one source of layout (A4, margins, page breaks), and the
PDF is tagged (a structure tree, for screen readers), has an outline (bookmarks) made from
the headings, takes its title from the page's <title>, and embeds its fonts.

The browser is found, never downloaded (`find_browser`): OLIVIA_CHROMIUM if set, otherwise
Microsoft Edge (always present on Windows), Google Chrome or Chromium in their usual places.
The tests find their browser with the same function.

Why Playwright is a run-time dependency, not only a test one: it is the maintained way to
drive a Chromium-family browser's DevTools print-to-PDF, with `tagged` and `outline`, from
Python on Windows, macOS and Linux alike. It launches the browser found here
(`executable_path`), so its own browser downloads (`playwright install`) are never used.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.handouts.browser_flags import launch_args

ENV = "OLIVIA_CHROMIUM"
HOW_TO_GET = "install Microsoft Edge, Google Chrome or Chromium, or set OLIVIA_CHROMIUM to its program file"
# Names on PATH, most specific first.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
         "msedge", "microsoft-edge", "microsoft-edge-stable")
# Unlinks relative links before printing: a PDF travels alone, and Chromium would turn a link
# to a sibling page into a file:// address that names a folder on this machine.
_UNLINK = """() => {
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    const href = a.getAttribute('href');
    if (!href.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(href)) a.replaceWith(...a.childNodes);
  }
}"""
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


def _usual_places() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(k) for k in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")]
        tails = [r"Microsoft\Edge\Application\msedge.exe", r"Google\Chrome\Application\chrome.exe",
                 r"Chromium\Application\chrome.exe"]
        return [Path(root) / tail for tail in tails for root in roots if root]
    if sys.platform == "darwin":
        apps = ["Google Chrome.app/Contents/MacOS/Google Chrome",
                "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
                "Chromium.app/Contents/MacOS/Chromium"]
        return [base / app for app in apps for base in (Path("/Applications"), Path.home() / "Applications")]
    return [Path(p) for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                              "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
                              "/usr/bin/microsoft-edge", "/opt/google/chrome/chrome")]


def find_browser() -> Path | None:
    """The browser to print with, or None.

    OLIVIA_CHROMIUM, when set, is the only place looked at: a facilitator who names a browser
    gets that one or none, never a surprise. Otherwise PATH, then the usual install places.
    """
    named = os.environ.get(ENV, "").strip()
    if named:
        path = Path(named).expanduser()
        return path if path.is_file() else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in _usual_places() if p.is_file()), None)


def not_found_message() -> str:
    """Why no browser was found, and what to do: one line."""
    named = os.environ.get(ENV, "").strip()
    if named:
        return f"{ENV} is set to {named}, which is not a file; {HOW_TO_GET}"
    return f"no Edge, Chrome or Chromium found; {HOW_TO_GET}"


def browser_identity(path: Path) -> str:
    """Stands for the browser's version in cache keys without starting it: an update replaces
    the program file, which changes its size or time."""
    real = Path(path).resolve()
    st = real.stat()
    return f"{real}|{st.st_size}|{st.st_mtime_ns}"


def page_count(pdf: bytes) -> int | None:
    """Pages in a PDF as Chromium writes it (its page tree is plain text); None if unknown."""
    match = _PAGE_COUNT.search(pdf)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class PdfJob:
    html: Path
    pdf: Path
    one_page: bool = False  # shrink (down to FIT_SCALES[-1]) rather than spill onto a second page


@dataclass
class Printed:
    job: PdfJob
    data: bytes = b""
    error: str = ""
    scale: float = 1.0


@dataclass
class PrintRun:
    printed: list[Printed] = field(default_factory=list)
    version: str = ""
    seconds: float = 0.0


FIT_SCALES = (1.0, 0.94, 0.88)


class BrowserError(RuntimeError):
    """The browser could not be started."""


def print_pdfs(jobs: Iterable[PdfJob], browser: Path, *, parallel: int = 2) -> PrintRun:
    """Print each job's HTML to PDF bytes, with one browser and `parallel` pages at a time.

    Writes nothing: the caller stores the bytes. A page that fails is reported in its
    Printed.error; a browser that will not start raises BrowserError.
    """
    import asyncio  # here, not at the top: a warm rebuild never prints, and asyncio is slow to import

    jobs = list(jobs)
    coro = _print_all(jobs, Path(browser), max(1, parallel))
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Inside a running event loop (a Jupyter kernel): Playwright needs a loop of its own.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _print_all(jobs: list[PdfJob], browser: Path, parallel: int) -> PrintRun:
    import asyncio

    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    start = time.perf_counter()
    run = PrintRun()
    if not jobs:
        return run
    async with async_playwright() as p:
        try:
            chromium = await p.chromium.launch(executable_path=str(browser), headless=True,
                                               args=list(launch_args()))
        except PlaywrightError as exc:
            raise BrowserError(f"could not start {browser}: {_first_line(exc)}") from None
        try:
            run.version = chromium.version
            context = await chromium.new_context()

            async def offline(route):
                if route.request.url.startswith(("file:", "data:", "about:")):
                    await route.continue_()
                else:
                    await route.abort()

            await context.route("**/*", offline)
            # `parallel` tabs, each printing one job after another, every job from a fresh
            # document. A new tab cost about 0.5 s of CPU on a one-line page, a navigation
            # about 0.1 s; for the pack's 20 PDFs the saving measured small (median 20.5 s
            # of CPU before, 19.2 s after), as printing itself is most of the work.
            remaining = iter(range(len(jobs)))  # shared: each tab takes the next job
            printed: list[Printed | None] = [None] * len(jobs)

            async def one(page, job: PdfJob) -> Printed:
                try:
                    await page.goto(job.html.resolve().as_uri(), wait_until="load")
                    await page.evaluate(_UNLINK)
                    for scale in FIT_SCALES if job.one_page else FIT_SCALES[:1]:
                        data = await page.pdf(format="A4", prefer_css_page_size=True,
                                              print_background=True, tagged=True, outline=True,
                                              scale=scale)
                        if (page_count(data) or 1) <= 1:
                            break
                    return Printed(job, data, scale=scale)
                except PlaywrightError as exc:
                    return Printed(job, error=_first_line(exc))

            async def tab() -> None:
                page = None
                try:
                    for index in remaining:
                        if page is None or page.is_closed():
                            page = await context.new_page()
                        printed[index] = await one(page, jobs[index])
                        if printed[index].error:
                            await page.close()  # a failed job may leave its tab in any state
                finally:
                    if page is not None:
                        await page.close()

            await asyncio.gather(*(tab() for _ in range(min(parallel, len(jobs)))))
            run.printed = [p for p in printed if p is not None]
        finally:
            await chromium.close()
    run.seconds = time.perf_counter() - start
    return run


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def print_one(html: Path, pdf: Path, *, browser: Path | None = None, mode: int | None = None) -> Path:
    """Print one page (the CPD record) beside its HTML. Raises BrowserError or RuntimeError."""
    from olivia_training.atomic import atomic_write_bytes

    browser = browser or find_browser()
    if browser is None:
        raise BrowserError(not_found_message())
    run = print_pdfs([PdfJob(Path(html), Path(pdf))], browser, parallel=1)
    done = run.printed[0]
    if done.error:
        raise RuntimeError(done.error)
    atomic_write_bytes(pdf, done.data, mode)
    return Path(pdf)
