"""The one way views make HTML: a topic's macro module, called through `html.macro`."""

from __future__ import annotations

import re

import pytest

from olivia_training.html import TEMPLATES, macro
from olivia_training.labels import BRIEFING_LABEL, ILLUSTRATIVE_LABEL, TRAINING_ASSUMPTION_LABEL

HOSTILE = '<script>alert("x")</script> & "quotes"'


def test_macro_escapes_participant_and_content_text():
    out = macro("macros", "freetext", prompt=HOSTILE, lines=2, facilitator=True, note=HOSTILE)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count('class="olivia-facilitator"') == 1


def test_macro_calls_fail_loudly_on_a_typo():
    with pytest.raises(TypeError, match="missing note"):
        macro("macros", "freetext", prompt="p", lines=2, facilitator=False)
    with pytest.raises(TypeError):
        macro("macros", "prompt", text="p", txet="typo")
    with pytest.raises(AttributeError, match="no macro"):
        macro("aces", "no_such_macro")


def test_one_badge_and_one_training_assumption_label():
    assert BRIEFING_LABEL in macro("macros", "badge", provenance="briefing")
    assert ILLUSTRATIVE_LABEL in macro("macros", "badge", provenance="illustrative")
    label = macro("macros", "assumption_label")
    assert label == f'<span class="olivia-warning olivia-assumption">{TRAINING_ASSUMPTION_LABEL}</span>'
    # Every template shows the label through the macro, never with markup of its own.
    for path in TEMPLATES.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        if path.name != "macros.html.j2":
            assert "olivia-assumption" not in text, path.name
            assert not re.search(r'class="olivia-facilitator"', text), path.name


def test_every_topic_template_is_named_like_a_content_file_or_a_view():
    from olivia_training import paths

    topics = {p.stem for p in (paths.pack_dir() / "exercises").glob("*.yaml")}
    views = {p.stem for p in (TEMPLATES.parent / "views").glob("*.py")}
    for path in TEMPLATES.glob("*.html.j2"):
        stem = path.name.removesuffix(".html.j2")
        assert stem == "macros" or stem in topics or stem in views, path.name
