"""`olivia-training build`: every notebook executed once, two editions, indexes, the pages for
team meetings, the facilitator's slide decks, PDFs of what people send, and the zip.

Execution runs in worker processes (one kernel each); exports happen in the same worker
so both editions come from the one execution, and the slide decks are made in the same pool
while the notebooks run. PDFs are printed last, from the finished HTML, by one browser.
Everything is cached by what it is made from: a no-change rebuild copies files, imports
neither nbconvert, python-pptx nor Playwright, starts no browser, and stays under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from olivia_training import __version__
from olivia_training.atomic import atomic_write_bytes, atomic_write_text
from olivia_training.handouts.cache import (
    SLIDES_TOOLS,
    FileCache,
    HandoutCache,
    code_digest,
    content_digest,
    notebook_key,
    pdf_key,
    tool_versions,
)
from olivia_training.handouts.site import ZIP_NAME, Page, participant_digest, write_site, write_zip
from olivia_training.handouts.team_pages import BRIEFING_STEM, write_team_pages
from olivia_training.handouts.team_pages import STEMS as TEAM_STEMS
from olivia_training.paths import content_dir, notebooks_dir

EDITIONS = ("participant", "facilitator")
SITE_PAGES = {"index", "all-in-one", *TEAM_STEMS}


@dataclass
class Outcome:
    stem: str
    status: str  # "executed", "cached" or "failed"
    seconds: float
    title: str = ""
    error: str = ""


@dataclass
class PdfReport:
    """What the PDF step did. status: "made", "skipped" (no browser), "off" (not asked for)
    or "failed" (the browser would not start)."""

    status: str
    message: str = ""
    printed: int = 0
    reused: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    browser: str = ""
    version: str = ""


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    out: Path
    pdfs: PdfReport | None = None
    slides: list[Path] = field(default_factory=list)
    slides_status: str = ""  # "made", "cached" or "off"

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def _attribution(content: Path) -> str:
    from olivia_training.content import load

    briefing = load("briefing", content)
    return (f"Case material: {briefing.title}: {briefing.subtitle}, {briefing.publisher}. "
            "Quoted verbatim where labelled 'From the briefing'; everything labelled "
            "'Illustrative' was written for this training.")


def _publish(out: Path, stem: str, files: dict[str, Path]) -> None:
    for edition in EDITIONS:
        target = out / edition / f"{stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files[edition], target)


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Handouts of failed or removed notebooks must not linger from an earlier build."""
    for edition in EDITIONS:
        folder = out / edition
        if not folder.is_dir():
            continue
        for path in folder.glob("*.html"):
            if path.stem not in keep and path.stem not in SITE_PAGES:
                path.unlink()


def build(out: Path = Path("handouts"), *, jobs: int | None = None, use_cache: bool = True,
          content: str | Path | None = None, notebooks: list[Path] | None = None,
          show_progress: bool = True, pdf: bool = False, slides: bool = False,
          slides_template: str | Path | None = None) -> Report:
    """Build into `out`: the handouts, indexes, team pages and zip; the PDFs and slide decks
    when asked for (the command asks for both, so `make.py handouts` makes everything; tests
    and benchmarks that need neither save their time).

    `pdf`: print PDFs with a browser found on this machine (none found: the HTML is built and
    the report says the PDFs were skipped). `slides`: the facilitator's slide decks, with the
    masters and layouts of `slides_template` (a .pptx) when given. Raises ContentError (before
    executing anything) if the content does not validate, and slides.TemplateError if the
    template cannot be used.
    """
    from olivia_training.handouts.pdf import find_browser, not_found_message

    start = time.perf_counter()
    out = Path(out).resolve()
    root = content_dir(content)
    notebooks = sorted(notebooks if notebooks is not None else notebooks_dir().glob("*.ipynb"))
    template = Path(slides_template).resolve() if slides_template else None
    if template is not None:
        from olivia_training.handouts.slides import check_template

        check_template(template)
    cache = HandoutCache(out / ".cache")
    if not use_cache and cache.root.exists():
        shutil.rmtree(cache.root)
    content_hash = content_digest(root)
    _check_content(cache, root, content_hash)
    built = datetime.now().strftime("%d %B %Y, %H:%M")
    attribution = _attribution(root)
    browser = find_browser() if pdf else None

    outcomes: dict[str, Outcome] = {}
    pending: list[tuple[Path, str]] = []
    keys: dict[str, str] = {}
    for nb in notebooks:
        key = keys[nb.stem] = notebook_key(nb, content_hash)
        hit = cache.get(nb.stem, key) if use_cache else None
        if hit:
            _publish(out, nb.stem, hit["files"])
            outcomes[nb.stem] = Outcome(nb.stem, "cached", 0.0, hit["title"])
        else:
            pending.append((nb, key))

    decks = _Decks(out, cache, root, content_hash, notebooks, template) if slides or template else None
    if pending:
        _execute_all(pending, out, cache, outcomes, jobs, root, built, attribution,
                     show_progress, len(notebooks), decks)
    if decks is not None and not decks.done:
        decks.make_here()

    ordered = [outcomes[nb.stem] for nb in notebooks]
    good = [o for o in ordered if o.status != "failed"]
    _remove_stale(out, {o.stem for o in good})
    deck_pages = decks.publish() if decks is not None else _remove_decks(out)
    pdf_note = "" if browser or not pdf else f"PDFs were not made: {not_found_message()}, then build again."
    _write_site_and_guide(out, cache, root, keys, ordered, built, attribution,
                          pdfs=browser is not None, pdf_note=pdf_note, slides=deck_pages,
                          content_hash=content_hash)
    if browser is not None:
        pdfs = _pdf_step(out, cache, browser, use_cache=use_cache, jobs=jobs, show_progress=show_progress)
    else:
        _remove_pdfs(out, keep_if_html=False)
        pdfs = PdfReport("skipped" if pdf else "off",
                         f"{not_found_message()}, then build again" if pdf else "")
    _zip(out, cache)
    return Report(ordered, time.perf_counter() - start, out, pdfs,
                  [out / "facilitator" / p.href for p in deck_pages],
                  "off" if decks is None else decks.status)


def _check_content(cache: HandoutCache, root: Path, content_hash: str) -> None:
    """Validate the content, once per version of it (and of the code that checks it)."""
    from olivia_training.content import ContentError, check_all

    marker = cache.root / "content-ok"
    key = f"{content_hash}:{code_digest()}"
    if marker.is_file() and marker.read_text(encoding="utf-8") == key:
        return
    _, problems = check_all(root)
    if problems:
        raise ContentError(problems)
    atomic_write_text(marker, key)


def _write_site_and_guide(out, cache, root, keys, ordered, built, attribution, *, pdfs: bool,
                          pdf_note: str, slides: list[Page], content_hash: str) -> None:
    """Indexes, bundle, team pages and guide; skipped when nothing they show has changed."""
    from olivia_training.handouts.guide import build_guide, guide_sources

    good = [o for o in ordered if o.status != "failed"]
    failed = [o.stem for o in ordered if o.status == "failed"]
    h = hashlib.sha256()
    # Each notebook's cache key stands for its handout's bytes (notebook, content, code).
    for part in (__version__, json.dumps([(o.stem, keys[o.stem], o.title, o.status == "failed")
                                          for o in ordered]),
                 content_hash, code_digest(), json.dumps([pdfs, pdf_note, [s.href for s in slides]])):
        h.update(part.encode() + b"\0")
    for source in guide_sources():
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    key = h.hexdigest()
    marker = cache.root / "site.json"
    try:
        saved = json.loads(marker.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        saved = {}
    pages = [out / "index.html"] + [out / "participant" / f"{stem}.html" for stem in TEAM_STEMS]
    if saved.get("key") == key and all(p.is_file() for p in pages):
        return
    guide = build_guide(out, content=root, built=built, attribution=attribution)
    team = write_team_pages(out, content=root, built=built, attribution=attribution)
    write_site(out, [Page(o.stem, o.title, f"{o.stem}.html") for o in good], built=built,
               attribution=attribution, failed=failed, guide=guide, team=team, pdfs=pdfs,
               pdf_note=pdf_note, slides=slides, with_zip=False)
    atomic_write_text(marker, json.dumps({"key": key}))


def _zip(out: Path, cache: HandoutCache) -> None:
    """The participant zip, written again only when the participant folder has changed."""
    key = participant_digest(out)
    marker = cache.root / "zip.json"
    try:
        saved = json.loads(marker.read_text(encoding="utf-8")).get("key")
    except (FileNotFoundError, ValueError):
        saved = None
    if saved == key and (out / ZIP_NAME).is_file():
        return
    write_zip(out)
    atomic_write_text(marker, json.dumps({"key": key}))


# -- PDFs ------------------------------------------------------------------------------------
def pdf_jobs(out: Path) -> list:
    """Every page people send: each handout in both editions, the all-in-one file, the
    7 minute briefing and the action plan (indexes and the guide are for reading on screen)."""
    from olivia_training.handouts.pdf import PdfJob

    jobs = []
    for edition in EDITIONS:
        for html in sorted((out / edition).glob("*.html")):
            if html.stem != "index":
                jobs.append(PdfJob(html, html.with_suffix(".pdf"),
                                   one_page=edition == "participant" and html.stem == BRIEFING_STEM))
    return jobs


def _remove_pdfs(out: Path, *, keep_if_html: bool) -> None:
    """PDFs that would no longer match their page: all of them when none are made."""
    for edition in EDITIONS:
        for path in (out / edition).glob("*.pdf") if (out / edition).is_dir() else []:
            if not keep_if_html or not path.with_suffix(".html").is_file():
                path.unlink()


def _pdf_step(out: Path, cache: HandoutCache, browser: Path, *, use_cache: bool, jobs: int | None,
              show_progress: bool) -> PdfReport:
    from olivia_training.handouts.pdf import BrowserError, browser_identity, page_count, print_pdfs

    start = time.perf_counter()
    report = PdfReport("made", browser=str(browser))
    store = FileCache(cache.root, "pdf")
    identity = browser_identity(browser)
    todo = []
    for job in pdf_jobs(out):
        name = f"{job.html.parent.name}--{job.html.stem}"
        key = pdf_key(job.html.read_bytes(), identity)
        hit = store.get(name, key) if use_cache else None
        if hit is not None:
            shutil.copyfile(hit, job.pdf)
            report.reused += 1
        else:
            todo.append((job, name, key))
    if todo:
        if show_progress:
            print(f"Printing {len(todo)} PDFs with {browser}", flush=True)
        try:
            run = print_pdfs([job for job, _, _ in todo], browser, parallel=max(1, min(jobs or 2, 4)))
        except BrowserError as exc:
            _remove_pdfs(out, keep_if_html=False)
            return PdfReport("failed", f"{exc}: {_HOW_TO_FIX}", browser=str(browser),
                             seconds=time.perf_counter() - start)
        report.version = run.version
        for printed, (job, name, key) in zip(run.printed, todo, strict=True):
            where = job.pdf.relative_to(out).as_posix()
            if printed.error:
                report.failed.append((where, printed.error))
                job.pdf.unlink(missing_ok=True)
                continue
            store.put(name, key, job.pdf.name, printed.data)
            atomic_write_bytes(job.pdf, printed.data)
            report.printed += 1
            if job.one_page and (page_count(printed.data) or 1) > 1:
                report.warnings.append(f"{where} runs to {page_count(printed.data)} pages; a 7 minute "
                                       "briefing is one page: shorten exercises/seven_minute_briefing.yaml")
            elif printed.scale < 1:
                report.warnings.append(f"{where} was printed at {printed.scale:.0%} to fit one page")
    _remove_pdfs(out, keep_if_html=True)
    report.seconds = time.perf_counter() - start
    return report


_HOW_TO_FIX = "set OLIVIA_CHROMIUM to a working Edge, Chrome or Chromium, or build with --no-pdf"


# -- slide decks -----------------------------------------------------------------------------
class _Decks:
    """The facilitator's slide decks: cached by what they are made from, made in the build's
    worker pool while the notebooks run (or here, when nothing else runs)."""

    def __init__(self, out, cache, root, content_hash, notebooks, template):
        from olivia_training.handouts.slides import decks

        self.out, self.root, self.template = out, root, template
        self.notebooks = {nb.stem: str(nb) for nb in notebooks}
        self.store = FileCache(cache.root, "slides")
        self.titles = {d.filename: d.title for d in decks(root)}
        self.names = list(self.titles)
        h = hashlib.sha256()
        for part in (content_hash, code_digest(), tool_versions(SLIDES_TOOLS),
                     json.dumps(sorted(self.notebooks))):
            h.update(part.encode() + b"\0")
        for nb in notebooks:
            h.update(nb.read_bytes() + b"\0")
        h.update(template.read_bytes() if template else b"default")
        self.key = h.hexdigest()[:20]
        self.files = {name: self.store.get(name, self.key) for name in self.names}
        self.done = all(self.files.values())
        self.status = "cached" if self.done else "made"

    def job(self):
        return (make_decks_job, str(self.root), self.notebooks, str(self.template or ""))

    def take(self, made: dict[str, bytes]) -> None:
        for name, data in made.items():
            self.files[name] = self.store.put(name, self.key, name, data)
        self.done = True

    def make_here(self) -> None:
        function, *args = self.job()
        self.take(function(*args))

    def publish(self) -> list[Page]:
        folder = self.out / "facilitator"
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in self.files.items():
            shutil.copyfile(path, folder / name)
        _remove_decks(self.out, keep=set(self.names))
        return [Page(Path(name).stem, self.titles[name], name) for name in self.names]


def make_decks_job(content: str, notebooks: dict[str, str], template: str) -> dict[str, bytes]:
    """Runs in a build worker: every deck's bytes."""
    from olivia_training.handouts.slides import make_decks

    return make_decks(content=Path(content), notebooks={k: Path(v) for k, v in notebooks.items()},
                      template=Path(template) if template else None)


def _remove_decks(out: Path, keep: set[str] = frozenset()) -> list[Page]:
    from olivia_training.handouts.slides import DECK_STEM

    for path in (out / "facilitator").glob(f"{DECK_STEM}*.pptx") if (out / "facilitator").is_dir() else []:
        if path.name not in keep:
            path.unlink()
    return []


def _execute_all(pending, out, cache, outcomes, jobs, content, built, attribution,
                 show_progress, total, decks=None):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from olivia_training.handouts.execute import run_notebook
    from olivia_training.startup import lean_start

    make_decks = decks is not None and not decks.done
    # The decks count as a job: a one-notebook rebuild makes them beside it, not after it.
    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending) + make_decks))
    progress = Progress(TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                        disable=not show_progress, transient=False)
    if workers == 1:
        # One job at a time (a lone notebook, or --jobs 1) runs here, one notebook after
        # another: a worker would cost a process start and its imports (about 1.5 s of CPU)
        # for no parallelism. The caller makes the decks after them.
        with progress:
            task = progress.add_task(f"Executing {len(pending)} of {total} notebooks", total=len(pending))
            for nb, key in pending:
                _record(run_notebook(str(nb), str(content), built, attribution), nb, key, out,
                        cache, outcomes)
                progress.advance(task)
        return
    with progress, ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                      initializer=lean_start) as pool:  # before nbformat
        task = progress.add_task(f"Executing {len(pending)} of {total} notebooks", total=len(pending))
        # The decks first: they take about as long as a notebook, and need no kernel.
        deck_future = pool.submit(*decks.job()) if make_decks else None
        futures = {
            pool.submit(run_notebook, str(nb), str(content), built,
                        attribution): (nb, key)
            for nb, key in pending
        }
        for future in as_completed(futures):
            nb, key = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the worker itself died
                outcomes[nb.stem] = Outcome(nb.stem, "failed", 0.0, error=f"{type(exc).__name__}: {exc}")
            else:
                _record(result, nb, key, out, cache, outcomes)
            progress.advance(task)
        if deck_future is not None:
            decks.take(deck_future.result())  # a TemplateError or bug here is raised, not hidden


def _record(result, nb: Path, key: str, out: Path, cache: HandoutCache,
            outcomes: dict[str, Outcome]) -> None:
    """One notebook's result: cached and published when it ran, its error kept when not."""
    if result.ok:
        hit = cache.put(nb.stem, key, result.title, result.htmls)
        _publish(out, nb.stem, hit["files"])
        outcomes[nb.stem] = Outcome(nb.stem, "executed", result.seconds, result.title)
    else:
        outcomes[nb.stem] = Outcome(nb.stem, "failed", result.seconds, error=result.error)
