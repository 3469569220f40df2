"""The hosting docs (deploy/jupyterhub/README.md, facilitator guide page 08) stay true: every
`olivia-training` command they show is one the real command line accepts, every link inside
the README resolves, and the sizing table carries measured figures for 30, 60 and 100."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from olivia_training.cli import _commands, _parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "deploy" / "jupyterhub" / "README.md"
GUIDE_PAGE = ROOT / "facilitator_guide" / "08-hosting-a-cohort.md"


def _commands_in(text: str, program: str = "olivia-training") -> list[list[str]]:
    """Each command of `program` in the code blocks, continuation lines joined."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            start = 1 if words[:1] == ["sudo"] else 0  # the program, not a path argument
            if words[start:] and Path(words[start]).name == "python":
                start += 1  # a script run with the pack's Python
            if words[start:] and Path(words[start]).name == program:
                found.append(words[start + 1:])
    return found


def test_every_command_shown_is_one_the_command_line_accepts():
    parser = _parser(_commands())
    shown = _commands_in(README.read_text(encoding="utf-8"))
    assert {c[0] for c in shown} >= {"participant-wheel", "cohort-create", "cohort-end"}
    for argv in shown:
        try:
            parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"deploy/jupyterhub/README.md shows a command the CLI refuses: olivia-training "
                        f"{shlex.join(argv)}")


def test_the_z2jh_cohort_command_shown_is_accepted():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_cohort", README.parent / "z2jh" / "make_cohort.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shown = _commands_in(README.read_text(encoding="utf-8"), "make_cohort.py")
    assert shown
    for argv in shown:
        module.parser().parse_args(argv)  # exits (fails the test) on an unknown option


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text))


def test_every_link_inside_the_readme_resolves():
    text = README.read_text(encoding="utf-8")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors = {_slug(h) for h in re.findall(r"^#{1,4} (.+)$", outside_code, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", outside_code)
    assert links
    assert [a for a in links if a not in anchors] == []
    for target in re.findall(r"\]\((?!#|https://)([^)]+)\)", outside_code):
        assert (README.parent / target).exists(), target


def test_the_sizing_table_carries_measured_figures():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Sizing", 1)[1].split("\n## ", 1)[0]
    assert "SIZING" not in section  # the placeholder was replaced by the benchmark's figures
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r"^\| (30|60|100) \|.*$", section, re.M)}
    assert sorted(rows) == [30, 60, 100]
    for row in rows.values():
        assert re.search(r"\d+ GB", row) and re.search(r"\d+ cores", row), row
    assert "benchmarks/hub_load.py" in section and "p95" in section


def test_the_guide_page_names_the_buttons_notebook_07_shows():
    page = GUIDE_PAGE.read_text(encoding="utf-8")
    view = (ROOT / "olivia_training" / "views" / "reflection.py").read_text(encoding="utf-8")
    for label in ("Make my CPD record", "Send my anonymous evaluation to the facilitator"):
        assert f'description="{label}"' in view, label
        assert f"**{label}**" in re.sub(r"\s+", " ", page), label
    assert "deploy/jupyterhub/README.md" in page and "cohort-end" in page
