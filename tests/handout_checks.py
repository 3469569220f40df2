"""Static checks on handout HTML, shared by the build tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.imgs: list[dict] = []
        self.lang = None
        self.title = ""
        self._in_title = False
        self.scripts: list[dict] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.imgs.append(a)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if tag == "script":
            self.scripts.append(a)
        for key in ("src", "href", "action", "data", "poster"):
            if a.get(key):
                self.urls.append(a[key])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def external_urls(page: str) -> list[str]:
    """Any URL the page could fetch or navigate to outside the file itself."""
    parsed = outline(page)
    found = [u for u in parsed.urls if re.match(r"^(https?:)?//", u.strip(), re.I)]
    found += re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", page, re.I)
    found += re.findall(r"@import\s+['\"]?((?:https?:)?//\S+)", page, re.I)
    return found


def skipped_levels(levels: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def facilitator_texts(value, min_chars: int = 12) -> list[str]:
    """Every `facilitator_` text in a content model (or its dump), whitespace-normalised.

    The leak checks look for these in participant output; ids and short words are left out
    because they legitimately appear in the open content too.
    """
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        value = value.model_dump()
    found: list[str] = []

    def visit(item, inside: bool) -> None:
        if isinstance(item, dict):
            for key, child in item.items():
                visit(child, inside or key.startswith("facilitator_"))
        elif isinstance(item, list):
            for child in item:
                visit(child, inside)
        elif isinstance(item, str) and inside and len(item.strip()) >= min_chars:
            found.append(" ".join(item.split()))

    visit(value, False)
    return found
