"""The facilitator guide: `facilitator_guide/*.md`, rendered into the facilitator edition only.

Each Markdown page becomes `facilitator/guide/<stem>.html`, with a contents page
(`facilitator/guide/index.html`) first. The pages are offline, printable and use the pack's
inline stylesheet plus `templates/guide/guide.css`, like every handout.

One module per job:
- `markdown`: a page's Markdown to HTML, its title and contents (`render_page`, `slug`);
- `links`: links written as they work on disk, checked and rewritten for the handouts;
- `markers`: the tables generated from the content for markers such as
  `<!-- coverage-matrix -->` (`FRAGMENTS`);
- `evaluation_form`: the paper evaluation form's fields (`evaluation_fields`);
- `clock`: times and lengths for the session plans.
This module puts them together: the whole guide in memory (`render_guide`) and on disk
(`build_guide`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from olivia_training.handouts.guide.evaluation_form import evaluation_fields
from olivia_training.handouts.guide.links import anchor_problems
from olivia_training.handouts.guide.markdown import GuidePage, render_page, slug
from olivia_training.handouts.guide.markers import FRAGMENTS, Fragments
from olivia_training.handouts.site import Page
from olivia_training.html import pack_css, render, stylesheet
from olivia_training.paths import guide_dir, notebooks_dir

__all__ = ["FRAGMENTS", "Guide", "GuidePage", "GuideWarning", "build_guide", "evaluation_fields",
           "guide_sources", "render_guide", "render_page", "slug"]

FOLDER = "guide"
INDEX = "index.html"
INDEX_TITLE = "Facilitator guide: contents"
TITLE_PREFIX = "Facilitator guide"


class GuideWarning(UserWarning):
    """A guide page has a problem (a link or marker that does not resolve)."""


@dataclass
class Guide:
    pages: list[GuidePage]
    problems: list[str]


def guide_sources(folder: Path | None = None) -> list[Path]:
    return sorted((folder or guide_dir()).glob("*.md"))


def render_guide(content: Path | None = None, *, folder: Path | None = None,
                 handout_exists: Callable[[str], bool] | None = None) -> Guide:
    """Every guide page rendered in memory, with every problem found. Writes nothing."""
    if handout_exists is None:
        def handout_exists(stem: str) -> bool:
            return (notebooks_dir() / f"{stem}.ipynb").is_file()

    sources = guide_sources(folder)
    stems = {p.stem for p in sources}
    fragments = Fragments(content, handout_exists)
    pages, problems = [], []
    for source in sources:
        page, found = render_page(source.stem, source.read_text(encoding="utf-8"), guide_stems=stems,
                                  handout_exists=handout_exists, fragment=fragments)
        pages.append(page)
        problems.extend(found)
    problems.extend(anchor_problems(pages))
    return Guide(pages, problems)


def build_guide(out: Path, *, content: Path, built: str, attribution: str) -> list[Page]:
    """Write facilitator/guide/*.html; return its pages for the indexes, contents page first."""
    from olivia_training import __version__
    from olivia_training.atomic import atomic_write_text

    folder = Path(out) / "facilitator" / FOLDER
    sources = guide_sources()
    if not sources:
        return []

    def handout_exists(stem: str) -> bool:
        return (Path(out) / "facilitator" / f"{stem}.html").is_file()

    guide = render_guide(content, handout_exists=handout_exists)
    for problem in guide.problems:
        warnings.warn(GuideWarning(problem), stacklevel=2)

    nav = [{"filename": INDEX, "title": "Contents"}] + [
        {"filename": p.filename, "title": p.title} for p in guide.pages]
    common = {"edition": "facilitator", "edition_label": "Facilitator edition: not for participants",
              "css": pack_css() + Markup("\n") + stylesheet("guide/guide.css"),
              "version": __version__, "built": built, "attribution": attribution, "nav": nav}
    written = {INDEX}
    atomic_write_text(folder / INDEX, render(
        "guide/index.html.j2", title=INDEX_TITLE, current=INDEX, pages=guide.pages,
        previous=None, next=nav[1] if len(nav) > 1 else None, **common))
    for i, page in enumerate(guide.pages, start=1):
        atomic_write_text(folder / page.filename, render(
            "guide/page.html.j2", title=f"{TITLE_PREFIX}: {page.title}", current=page.filename,
            page=page, body=Markup(page.body), previous=nav[i - 1],
            next=nav[i + 1] if i + 1 < len(nav) else None, **common))
        written.add(page.filename)
    for stale in folder.glob("*.html"):  # pages whose Markdown was removed
        if stale.name not in written:
            stale.unlink()
    return [Page("guide", INDEX_TITLE, f"{FOLDER}/{INDEX}")] + [
        Page(f"guide-{p.stem}", f"{TITLE_PREFIX}: {p.title}", f"{FOLDER}/{p.filename}")
        for p in guide.pages]
