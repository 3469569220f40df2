"""The end-to-end suite shares the run's one JupyterLab server (tests/conftest.py) and one
JupyterLab page, and runs each notebook once: the Run All test and the participant steps for
a notebook share its page (conftest.py runs a notebook's tests one after another).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def lab_session(browser, lab_server):
    """JupyterLab, loaded once in one page; notebooks are opened in it one at a time."""
    from lab_driver import LabSession

    session = LabSession(browser, lab_server)
    yield session
    session.close()


@pytest.fixture
def lab_notebook(request, lab_session):
    """The notebook named by the test's parameter (`lab_driver.on_notebook`), open after one
    Run All; the next test on the same notebook gets the same page, as the participant left it."""
    name = request.param
    current = lab_session.current
    if current is None or current.notebook != name or not current.ran_all:
        current = lab_session.open(name)
        current.run_all()
    return current


@pytest.fixture
def open_notebook(lab_session):
    """Open a notebook afresh (for one-off notebooks, such as the broken fixture)."""
    opened = []

    def opener(name: str):
        opened.append(lab_session.open(name))
        return opened[-1]

    yield opener
    for page in opened:
        page.close()
