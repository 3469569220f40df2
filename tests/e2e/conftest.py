"""The end-to-end suite shares the run's one JupyterLab server (tests/conftest.py) and runs
each notebook once: the Run All test and the participant steps for a notebook share its page.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _open_pages():
    """The notebook page now open, by name. One at a time: conftest.py orders the tests so
    each notebook's tests come together, and a page is closed (and its kernel stopped) when
    the next notebook is opened."""
    pages: dict = {}
    yield pages
    for page in pages.values():
        page.close()


@pytest.fixture
def lab_notebook(request, browser, lab_server, _open_pages):
    """The notebook named by the test's parameter, open in JupyterLab after one Run All."""
    from lab_driver import NotebookPage

    name = request.param
    if name not in _open_pages:
        for other in list(_open_pages):
            _open_pages.pop(other).close()
        page = NotebookPage(browser, lab_server, name)
        try:
            page.run_all()
        except BaseException:
            page.close()
            raise
        _open_pages[name] = page
    return _open_pages[name]


@pytest.fixture
def open_notebook(browser, lab_server):
    """A fresh page on a notebook (for one-off notebooks, such as the broken fixture)."""
    from lab_driver import NotebookPage

    pages = []

    def opener(name: str):
        page = NotebookPage(browser, lab_server, name)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()
