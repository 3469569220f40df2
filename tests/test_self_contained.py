"""A fresh clone stands alone: nothing in the repository reads the team's notes beside it,
and the repository's own record of the facts marked CHECK agrees with the content.

(.ci/run proves the first for real: it runs the suite from a clone in an empty folder.)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers import DATA, check_items

from olivia_training.content import load

ROOT = Path(__file__).resolve().parents[1]
# A path into the folder beside the repository, however it is spelled: "../shared",
# "/work/shared", or pathlib's `ROOT.parent / "shared"` and `parents[2] / "shared"`.
OUTSIDE = re.compile(r"""\.\.[/\\]shared|/work/shared|\bparents?\b[^\n]*/\s*["']shared["']""")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache",
             ".hypothesis", "handouts", "test-artifacts", "build", "dist", ".ipynb_checkpoints"}


def _repository_files() -> list[Path]:
    """Every file of the repository, the skipped folders pruned, not walked (.venv and .git
    alone hold tens of thousands of files)."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            if not path.is_file():
                continue  # a broken link, a socket
            if path.is_relative_to(DATA) or path == Path(__file__).resolve():
                continue  # the briefing's copy, the CHECK record, and this file's own examples
            found.append(path)
    return found


def test_the_pattern_finds_each_way_of_reaching_outside():
    for line in ('BRIEFING = ROOT.parent / "shared" / "source"', "see ../shared/source/x.md",
                 "x = Path(__file__).resolve().parents[2] / 'shared'", "open('/work/shared/a')"):
        assert OUTSIDE.search(line), line
    assert not OUTSIDE.search('store.save("shared", value)')


def test_no_file_in_the_repository_reads_outside_it():
    files = _repository_files()
    assert any(p.name == "pyproject.toml" for p in files) and len(files) > 50
    offenders = []
    for path in files:
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # binary
        text = data.decode("utf-8", "replace")
        for match in OUTSIDE.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            line = text.split("\n")[number - 1]
            offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_every_check_item_s_local_details_stay_to_be_confirmed():
    """A fact nobody could confirm must not turn into a confirmed local detail by accident."""
    items = check_items()
    assert len(items) >= 6 and all(item["fact"].strip() for item in items)
    details = load("local_details")
    named = [detail_id for item in items for detail_id in item["local_details"]]
    assert named, "the CHECK record names the local details that stand for its facts"
    for detail_id in named:
        assert details.detail(detail_id).confirm_locally, detail_id
