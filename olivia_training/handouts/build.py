"""`olivia-training build`: every notebook executed once, two editions, indexes, zip.

Execution runs in worker processes (one kernel each); exports happen in the same worker
so both editions come from the one execution. Cached handouts are copied without
importing nbconvert, which keeps a no-change rebuild well under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from olivia_training import __version__
from olivia_training.atomic import atomic_write_text
from olivia_training.handouts.cache import HandoutCache, code_digest, content_digest, notebook_key
from olivia_training.handouts.site import ZIP_NAME, Page, write_site
from olivia_training.paths import content_dir, notebooks_dir

EDITIONS = ("participant", "facilitator")


@dataclass
class Outcome:
    stem: str
    status: str  # "executed", "cached" or "failed"
    seconds: float
    title: str = ""
    error: str = ""


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    out: Path

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
            if path.stem not in keep and path.stem not in {"index", "all-in-one"}:
                path.unlink()


def build(out: Path = Path("handouts"), *, jobs: int | None = None, use_cache: bool = True,
          content: str | Path | None = None, notebooks: list[Path] | None = None,
          show_progress: bool = True) -> Report:
    """Raises ContentError (before executing anything) if the content does not validate."""
    start = time.perf_counter()
    out = Path(out).resolve()
    root = content_dir(content)
    notebooks = sorted(notebooks if notebooks is not None else notebooks_dir().glob("*.ipynb"))
    cache = HandoutCache(out / ".cache")
    if not use_cache and cache.root.exists():
        shutil.rmtree(cache.root)
    content_hash = content_digest(root)
    _check_content(cache, root, content_hash)
    built = datetime.now().strftime("%d %B %Y, %H:%M")
    attribution = _attribution(root)

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

    if pending:
        _execute_all(pending, out, cache, outcomes, jobs, root, built, attribution,
                     show_progress, len(notebooks))

    ordered = [outcomes[nb.stem] for nb in notebooks]
    good = [o for o in ordered if o.status != "failed"]
    _remove_stale(out, {o.stem for o in good})
    _write_site_and_guide(out, cache, root, keys, ordered, built, attribution)
    return Report(ordered, time.perf_counter() - start, out)


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


def _write_site_and_guide(out, cache, root, keys, ordered, built, attribution) -> None:
    """Indexes, bundle, zip and guide; skipped when nothing they show has changed."""
    from olivia_training.handouts.guide import build_guide, guide_sources

    good = [o for o in ordered if o.status != "failed"]
    failed = [o.stem for o in ordered if o.status == "failed"]
    h = hashlib.sha256()
    # Each notebook's cache key stands for its handout's bytes (notebook, content, code).
    for part in (__version__, json.dumps([(o.stem, keys[o.stem], o.title, o.status == "failed")
                                          for o in ordered])):
        h.update(part.encode() + b"\0")
    for source in guide_sources():
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    key = h.hexdigest()
    marker = cache.root / "site.json"
    try:
        saved = json.loads(marker.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        saved = {}
    if saved.get("key") == key and (out / "index.html").is_file() and \
            (out / ZIP_NAME).is_file():
        return
    guide = build_guide(out, content=root, built=built, attribution=attribution)
    write_site(out, [Page(o.stem, o.title, f"{o.stem}.html") for o in good], built=built,
               attribution=attribution, failed=failed, guide=guide)
    atomic_write_text(marker, json.dumps({"key": key}))


def _execute_all(pending, out, cache, outcomes, jobs, content, built, attribution,
                 show_progress, total):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from olivia_training.handouts.execute import run_notebook

    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    progress = Progress(TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                        disable=not show_progress, transient=False)
    with progress, ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        task = progress.add_task(f"Executing {len(pending)} of {total} notebooks", total=len(pending))
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
                if result.ok:
                    hit = cache.put(nb.stem, key, result.title, result.htmls)
                    _publish(out, nb.stem, hit["files"])
                    outcomes[nb.stem] = Outcome(nb.stem, "executed", result.seconds, result.title)
                else:
                    outcomes[nb.stem] = Outcome(nb.stem, "failed", result.seconds, error=result.error)
            progress.advance(task)
