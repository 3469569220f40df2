"""The participant's completion state, pushed from their own server to the cohort service.

"Completed" is what the pack already records: the notebooks the participant ticked in
notebook 07 (`evaluation-notebooks` in their ResponseStore). A thread in their server reads
that every OLIVIA_HUB_PUSH_INTERVAL seconds and sends it when it differs from what the
service last accepted; the first send also tells the service they have started.

Why a poll in the server rather than a call from a notebook cell: it needs no code in the
notebooks, survives kernel restarts and a service restart (it retries until accepted), and
costs one small file read per interval.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from olivia_training.reports import hub_client as client

INTERVAL_ENV = "OLIVIA_HUB_PUSH_INTERVAL"
DEFAULT_INTERVAL = 30.0


def completed(workspace: Path) -> list[str]:
    from olivia_training.reports.answers import NOTEBOOKS_ID, notebook_numbers
    from olivia_training.responses import ResponseStore

    return notebook_numbers(ResponseStore(workspace).load(NOTEBOOKS_ID))


class Pusher:
    def __init__(self, workspace: Path, interval: float = DEFAULT_INTERVAL):
        self.workspace = workspace
        self.interval = interval
        self.sent: list[str] | None = None  # None: not yet accepted, so "started" is still to send
        self.stop = threading.Event()
        self._complained = False

    def push_once(self) -> bool:
        """Send if changed. True when the service has what the participant's store says."""
        try:
            now = completed(self.workspace)
        except Exception as exc:  # a damaged store must never stop the server
            now = self.sent or []
            self._complain(f"could not read completed notebooks: {exc}")
        if now == self.sent:
            return True
        try:
            client.send_progress(now)
        except Exception as exc:
            self._complain(f"could not reach the cohort service, will retry: {exc}")
            return False
        self.sent = now
        self._complained = False
        return True

    def _complain(self, message: str) -> None:
        if not self._complained:  # once per outage, not every interval
            print(f"[olivia] {message}", file=sys.stderr, flush=True)
            self._complained = True

    def run(self) -> None:
        while not self.stop.is_set():
            self.push_once()
            self.stop.wait(self.interval)


def start_in_background(workspace: Path) -> Pusher | None:
    if not client.available():
        return None
    try:
        interval = max(0.2, float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)))
    except ValueError:
        interval = DEFAULT_INTERVAL
    pusher = Pusher(workspace, interval)
    threading.Thread(target=pusher.run, name="olivia-progress", daemon=True).start()
    return pusher
