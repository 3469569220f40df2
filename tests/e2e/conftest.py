"""One JupyterLab server and one browser for the whole end-to-end suite."""

from __future__ import annotations

import pytest
from lab import LabServer


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("e2e") / "workspace"
    server = LabServer(workspace).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def open_notebook(browser, lab_server, artifacts):
    pages = []

    def opener(name: str):
        from lab import NotebookPage

        page = NotebookPage(browser, lab_server, name)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()
