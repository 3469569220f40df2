"""The briefing in the pack is the published text, verbatim, and every quote stands in it.

The published text is the repository's own copy (tests/data), so a fresh clone checks
itself with nothing beside it.
"""

from __future__ import annotations

import re

from helpers import briefing_digest, published_briefing, recorded_briefing_digest

from olivia_training.content import load, registry
from olivia_training.content.base import Provenanced
from olivia_training.content.checks import normalise, walk


def _paragraphs(text: str) -> list[str]:
    return [normalise(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_the_repository_copy_of_the_published_text_is_unchanged():
    """An edit to the copy (a typo "fixed", a line lost) would let a wrong quote pass."""
    text = published_briefing()
    assert briefing_digest(text) == recorded_briefing_digest()
    assert text.startswith("\n\n1\n\nProcess") and "Voice of the Child" in text


def test_pack_copy_matches_the_published_text_paragraph_for_paragraph():
    """Every paragraph of the source stands in the pack's copy, and nothing more."""
    source = _paragraphs(published_briefing())
    briefing = load("briefing")
    ours = set()
    for page in briefing.pages:
        ours.add(normalise(str(page.number)))
        ours.add(normalise(page.heading))
        for block in page.blocks:
            ours.add(normalise(block.text) if block.kind == "paragraph"
                     else normalise("\n".join(f"- {i}" for i in block.items)))
    ours |= {normalise(briefing.title), normalise(briefing.subtitle)}
    assert set(source) == ours


def test_every_briefing_quote_stands_verbatim_in_the_published_text():
    published = normalise(published_briefing())
    quotes = 0
    for stem in registry():
        model = load(stem)
        for _, value, _ in walk(model):
            if isinstance(value, Provenanced) and value.provenance == "briefing":
                assert normalise(value.source) in published, (stem, value.source)
                quotes += 1
    assert quotes >= 9  # five findings and four questions at the least
