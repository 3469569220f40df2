"""`olivia-training lab` itself: a real JupyterLab answering on 127.0.0.1 with the workspace's
notebooks, only with the token, and stopped cleanly by Ctrl-C.

This is the run's one server (`lab_server`, tests/conftest.py), shared with the other e2e
tests; conftest.py runs the Ctrl-C test after every other test that uses it.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request

import pytest

from olivia_training.paths import notebooks_dir

pytestmark = pytest.mark.e2e


def test_lab_answers_on_localhost_with_the_workspace_notebooks(lab_server):
    url = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/lab/tree/00_start_here\.ipynb\?token=(\S+)",
                       lab_server.printed_url)
    assert url, lab_server.printed_url
    assert int(url.group(1)) == lab_server.port and url.group(2) == lab_server.token
    names = {item["name"] for item in lab_server.api("/api/contents")["content"]}
    assert {p.name for p in notebooks_dir().glob("*.ipynb")} <= names

    # Without the token, nothing is served.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{lab_server.base}/api/contents", timeout=5)
    assert refused.value.code == 403


def test_ctrl_c_stops_lab_and_exits_cleanly(lab_server):
    """Ctrl-C reaches `olivia-training lab`, which stops JupyterLab and exits cleanly."""
    assert lab_server.running
    assert lab_server.interrupt(timeout=30) == 0
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", lab_server.port), timeout=2):
        pass
