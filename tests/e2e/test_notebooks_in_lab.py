"""Every notebook, run in a real JupyterLab by a participant's own `olivia-training lab`.

Each notebook runs once (the `lab_notebook` fixture); the participant steps in
test_participant_steps.py then drive that same page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lab_driver import on_notebook

from olivia_training.paths import notebooks_dir

pytestmark = pytest.mark.e2e
NOTEBOOKS = [p.name for p in sorted(notebooks_dir().glob("*.ipynb"))]


def assert_clean(nb) -> None:
    problems = nb.problems
    assert problems.kernel_errors == [], problems.kernel_errors[:2]
    assert problems.page_errors == [], problems.page_errors[:3]
    assert problems.outside_requests == [], problems.outside_requests[:3]
    assert nb.error_outputs() == []
    assert "Jupyter news" not in nb.page.inner_text("body"), "the news prompt covers the page"


def test_lab_lists_the_workspace_notebooks(lab_server):
    listed = {item["name"] for item in lab_server.api("/api/contents")["content"]}
    assert set(NOTEBOOKS) <= listed


@on_notebook(*NOTEBOOKS)
def test_run_all_shows_every_widget_and_no_errors(lab_notebook, artifacts):
    nb = lab_notebook
    nb.screenshot(artifacts / f"lab-{nb.notebook.removesuffix('.ipynb')}.png")
    report = nb.widget_report()
    assert report["error_text"] is False
    assert report["fallback_worksheets"] == 0, "an exercise showed its paper worksheet, not its widget"
    assert report["rendered"] == report["widget_outputs"], report
    assert report["visible"] == report["widget_outputs"], report
    assert report["exercises"] <= report["rendered"], report
    assert_clean(nb)


def test_a_widget_callback_that_raises_is_caught(lab_server, open_notebook):
    """The suite can fail: a callback error that JupyterLab only logs is still seen."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "e2e" / "broken_widget.ipynb"
    shutil.copy(fixture, lab_server.workspace / fixture.name)
    nb = open_notebook(fixture.name)
    nb.run_all()
    assert_clean(nb)  # nothing wrong until the participant clicks
    nb.page.locator(".olivia-break").click()
    nb.page.wait_for_function("() => true")  # let the click's reply arrive
    deadline = 200
    while not nb.problems.kernel_errors and deadline:
        nb.page.wait_for_timeout(100)
        deadline -= 1
    with pytest.raises(AssertionError):
        assert_clean(nb)
    assert "deliberate widget callback failure" in nb.problems.kernel_errors[0]
