"""A guide page's Markdown rendered to HTML (mistune 3), with its title, contents and links.

Raw HTML in the Markdown is escaped, except a marker on a line of its own, which becomes the
generated table (`markers.py`). Headings get stable ids for the contents lists; tables get
a scrolling wrapper and `scope` on their header cells, for screen readers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from olivia_training.handouts.guide.links import link_resolver
from olivia_training.handouts.guide.markers import MARKER


@dataclass
class GuidePage:
    stem: str
    title: str
    body: str
    toc: list[tuple[int, str, str]]
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.stem}.html"

    @property
    def nested_toc(self) -> list[dict]:
        """Level-2 headings, each with its level-3 headings, for the contents lists."""
        entries: list[dict] = []
        for level, anchor, text in self.toc:
            if level == 2 or not entries:
                entries.append({"id": anchor, "text": text, "children": []})
            else:
                entries[-1]["children"].append({"id": anchor, "text": text})
        return entries


def slug(text: str) -> str:
    text = re.sub(r"[`*_\[\]()]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def _markdown(resolve_link: Callable[[str], str | None], fragment: Callable[[str, str], str],
              problems: list[str]):
    import mistune
    from mistune.renderers.html import HTMLRenderer
    from mistune.toc import add_toc_hook

    class Renderer(HTMLRenderer):
        def __init__(self):
            super().__init__(escape=True)

        def block_html(self, raw: str) -> str:
            match = MARKER.fullmatch(raw.strip())
            if match:
                return fragment(match.group(1), match.group(2) or "") + "\n"
            return super().block_html(raw)

        def link(self, text: str, url: str, title: str | None = None) -> str:
            target = resolve_link(url)
            if target is None:
                return f'<span class="guide-unlinked">{text}</span>'
            return f'<a href="{html.escape(target, quote=True)}">{text}</a>'

        def image(self, text: str, url: str, title: str | None = None) -> str:
            problems.append(f"image {url!r}: the guide has no images; describe it in words")
            return html.escape(text)

        def table(self, text: str) -> str:
            return f'<div class="guide-table">\n<table>\n{text}</table>\n</div>\n'

        def table_head(self, text: str) -> str:
            return "<thead>\n<tr>\n" + text + "</tr>\n</thead>\n"

        def table_cell(self, text: str, align=None, head: bool = False) -> str:
            if head:
                return f'  <th scope="col">{text}</th>\n'
            return f"  <td>{text}</td>\n"

    used: set[str] = set()

    def heading_id(token, index: int) -> str:
        base = slug(token["text"])
        value, n = base, 1
        while value in used:
            n += 1
            value = f"{base}-{n}"
        used.add(value)
        return value

    md = mistune.create_markdown(renderer=Renderer(), plugins=["table", "strikethrough"])
    add_toc_hook(md, min_level=2, max_level=3, heading_id=heading_id)
    return md


def render_page(stem: str, text: str, *, guide_stems: set[str], handout_exists: Callable[[str], bool],
                fragment: Callable[[str, str], str]) -> tuple[GuidePage, list[str]]:
    """One page, and its problems (each naming the Markdown file) for the build to report."""
    problems: list[str] = []

    def checked_fragment(name: str, arg: str) -> str:
        try:
            return fragment(name, arg)
        except (KeyError, ValueError, TypeError) as exc:  # unknown marker or id, missing argument
            problems.append(f"marker <!-- {name}{': ' + arg if arg else ''} -->: {exc}")
            return ""

    md = _markdown(link_resolver(guide_stems, handout_exists, problems), checked_fragment, problems)
    body, state = md.parse(text)
    h1s = re.findall(r"<h1>(.*?)</h1>\n?", body, re.S)
    if len(h1s) != 1:
        problems.append(f"has {len(h1s)} top-level (#) headings; a guide page has exactly one")
    title = _plain(h1s[0]) if h1s else stem
    body = re.sub(r"<h1>.*?</h1>\n?", "", body, count=1, flags=re.S)
    levels = [1] + [int(n) for n in re.findall(r"<h([1-6])\b", body)]
    for a, b in zip(levels, levels[1:], strict=False):
        if b > a + 1:
            problems.append(f"heading level jumps from {a} to {b}")
            break
    toc = state.env.get("toc_items", [])
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    links = [html.unescape(h) for h in re.findall(r'\bhref="([^"]*)"', body)]
    page = GuidePage(stem, title, body, toc, ids, links)
    return page, [f"facilitator_guide/{stem}.md: {p}" for p in dict.fromkeys(problems)]


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()
