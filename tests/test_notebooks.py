"""Every notebook: committed clean, shaped as the writing guide asks, code hidden."""

from __future__ import annotations

import json
import re

import pytest

from olivia_training.content import load
from olivia_training.paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
HIDING_TAGS = {"remove-input", "hide-input", "remove-cell"}


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def nb(request):
    return request.param, json.loads(request.param.read_text(encoding="utf-8"))


def test_the_pack_has_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


def test_committed_without_outputs(nb):
    path, data = nb
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], path.name
            assert cell.get("execution_count") is None, path.name


def test_code_cells_are_hidden_for_participants_in_lab_and_handouts(nb):
    path, data = nb
    for cell in data["cells"]:
        if cell["cell_type"] != "code":
            continue
        tags = set(cell["metadata"].get("tags", []))
        assert tags & HIDING_TAGS, (path.name, cell["source"][:60])
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden")
        assert hidden is True, (path.name, cell["source"][:60])


def test_no_parent_paths(nb):
    path, data = nb
    for cell in data["cells"]:
        assert "../" not in "".join(cell["source"]) and "..\\" not in "".join(cell["source"]), path.name


def _markdown(data) -> list[str]:
    return ["".join(c["source"]) for c in data["cells"] if c["cell_type"] == "markdown"]


def test_shape_one_title_content_note_key_points_sources(nb):
    path, data = nb
    texts = _markdown(data)
    h1 = [line for t in texts for line in t.splitlines() if re.match(r"^#\s", line)]
    assert len(h1) == 1 and texts[0].startswith("# "), path.name
    note = texts[1]
    assert "Content note" in note, path.name
    support = {s.id: s for s in load("support").services}
    assert support["nspcc"].phone in note and support["samaritans"].phone in note, path.name
    assert "step out" in note
    joined = "\n".join(texts)
    for heading in ("## Key points", "## Sources"):
        assert heading in joined, (path.name, heading)
    if path.stem != "00_start_here":
        assert "## Questions this notebook answers" in joined, path.name
        assert "By the end you will be able to" in joined, path.name
    assert re.search(r"\*\*Time:\*\*", joined), path.name


def test_never_calls_an_abuser_her_boyfriend_outside_quotes(nb):
    path, data = nb
    for text in _markdown(data):
        for match in re.finditer(r"boyfriend", text, re.I):
            window = text[max(0, match.start() - 2): match.end() + 2]
            assert '"' in window or "'" in window or "\u201c" in window, (path.name, window)


def test_nbval_formats_a_kernel_message_only_when_its_debug_line_is_logged(caplog):
    """conftest.py hands nbval `helpers.LazyPformat` for `pformat`: still the name nbval's
    `get_message` formats each message with, and the same line when debug logging is on."""
    import inspect
    import logging
    import pprint

    import nbval.kernel
    from helpers import LazyPformat

    assert nbval.kernel.pformat is LazyPformat
    assert "pformat(msg)" in inspect.getsource(nbval.kernel.RunningKernel.get_message)
    msg = {"header": {"msg_type": "comm_open"}, "content": {"data": {"state": list(range(40))}}}
    with caplog.at_level(logging.DEBUG, logger="nbval"):
        logging.getLogger("nbval").debug("Kernel message (%s):\n%s", "iopub", nbval.kernel.pformat(msg))
    assert caplog.records[-1].getMessage() == f"Kernel message (iopub):\n{pprint.pformat(msg)}"
