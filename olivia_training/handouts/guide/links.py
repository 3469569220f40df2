"""Links in the guide: written as they work on disk, checked, and rewritten for the handouts.

A guide page links to another as `[plans](02-session-plans.md)` and to a notebook as
`../notebooks/NN_name.ipynb`, so the Markdown reads right on GitHub and in an editor. In the
built guide these become the HTML page and the notebook's facilitator handout. A link that
would not resolve is reported as a problem and shown as plain text, never as a broken or
outside link: the handouts must make no outside requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from olivia_training.paths import notebooks_dir

GUIDE_LINK = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)\.md(#[A-Za-z0-9_-]+)?$")
NOTEBOOK_LINK = re.compile(r"^\.\./notebooks/([A-Za-z0-9][A-Za-z0-9_.-]*)\.ipynb$")
ANCHOR = re.compile(r"^#([A-Za-z0-9_-]+)$")


class LinkedPage(Protocol):
    stem: str
    filename: str
    ids: set[str]
    links: list[str]


def link_resolver(guide_stems: set[str], handout_exists: Callable[[str], bool],
                  problems: list[str]) -> Callable[[str], str | None]:
    """A function from a link as written to its target in the built guide, or None (shown
    unlinked) after adding the reason to `problems`."""

    def resolve(url: str) -> str | None:
        url = url.strip()
        if ANCHOR.match(url):
            return url
        match = GUIDE_LINK.match(url)
        if match and match.group(1) in guide_stems:
            return f"{match.group(1)}.html{match.group(2) or ''}"
        match = NOTEBOOK_LINK.match(url)
        if match:
            if handout_exists(match.group(1)):
                return f"../{match.group(1)}.html"
            if not (notebooks_dir() / f"{match.group(1)}.ipynb").is_file():
                problems.append(f"link to {url!r}: no such notebook")
            return None  # a notebook left out of this build: its name, unlinked
        problems.append(f"link to {url!r} does not resolve to a guide page or a notebook")
        return None

    return resolve


def anchor_problems(pages: Iterable[LinkedPage]) -> list[str]:
    """Every link from one guide page to another, or within a page, lands on a real id.

    Only the whole guide can answer this (the target page is rendered after the link), so
    it runs once every page is rendered."""
    pages = list(pages)
    ids = {p.filename: p.ids for p in pages}
    problems = []
    for page in pages:
        for link in page.links:
            target, _, anchor = link.partition("#")
            if target.startswith("../"):
                continue  # a facilitator handout, checked when the link is made
            where = f"facilitator_guide/{page.stem}.md: link to '{link}'"
            if target and target not in ids:
                problems.append(f"{where}: no such guide page")
            elif anchor and anchor not in ids[target or page.filename]:
                problems.append(f"{where}: no heading with that anchor")
    return problems
