"""Render the pack's HTML fragments with Jinja2, autoescaped.

Worksheets, briefing pages, reports and records all go through `render`, so any
participant or content text is escaped unless a template deliberately marks it safe.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from olivia_training.content.base import is_withheld
from olivia_training.labels import BRIEFING_LABEL, ILLUSTRATIVE_LABEL, LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"



class _Environment(Environment):
    """In the participant edition (a hub), a withheld `facilitator_` field renders as nothing:
    only the facilitator edition's HTML asks for one, and a participant's kernel never shows it."""

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        return "" if is_withheld(value) else value

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        return "" if is_withheld(value) else value


@cache
def environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(LABELS)  # one label vocabulary (olivia_training/labels.py)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


@cache
def pack_css() -> Markup:
    """The stylesheet, marked safe: escaping would turn its quotes into entities."""
    return Markup((TEMPLATES / "pack.css").read_text(encoding="utf-8"))


def esc(text: object) -> str:
    """`text` escaped for HTML, as a plain str: for the few bits of HTML built in Python."""
    return str(escape(text))


def badge(provenance: str) -> Markup:
    """The visible provenance label that stands next to every item about Olivia."""
    if provenance == "briefing":
        return Markup('<span class="olivia-badge olivia-badge-briefing">{}</span>').format(
            BRIEFING_LABEL
        )
    return Markup('<span class="olivia-badge olivia-badge-illustrative">{}</span>').format(
        ILLUSTRATIVE_LABEL
    )


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """Escape `text` and wrap each (start, end, title) span in <mark>; spans may overlap."""
    out: list[str] = []
    pos = 0
    for start, end, title in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="olivia-mark" title="{}">{}</mark>').format(
            title, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


environment().globals["badge"] = badge
