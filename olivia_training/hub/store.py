"""What the cohort service keeps, and nothing more: per participant, under a key that is not
their name, the ids of the notebooks they have completed and their latest anonymous evaluation.

The key is an HMAC of the username with a secret made for this cohort, so the data file
holds no names, and each participant has one slot: sending again replaces the old copy,
and nobody can send many. Ending the cohort deletes the secret with the data, so nothing
links one cohort's records to another's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from olivia_training.atomic import atomic_write_text

SECRET_FILE = "secret"
DATA_FILE = "store.json"
SCHEMA = "olivia-hub-cohort-store"
MAX_EVALUATION_BYTES = 64_000


class CohortStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        secret_path = self.folder / SECRET_FILE
        if not secret_path.exists():
            atomic_write_text(secret_path, secrets.token_hex(32) + "\n", 0o600)
        self._secret = secret_path.read_text(encoding="utf-8").strip().encode("ascii")
        self._data = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / DATA_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            data = {"schema": SCHEMA}
        data.setdefault("progress", {})
        data.setdefault("evaluations", {})
        return data

    def _write(self) -> None:
        atomic_write_text(self.folder / DATA_FILE, json.dumps(self._data, indent=1, sort_keys=True), 0o600)

    def key(self, username: str) -> str:
        return hmac.new(self._secret, username.encode("utf-8"), hashlib.sha256).hexdigest()

    def record_progress(self, username: str, completed: list[str]) -> None:
        """The participant's server has started, and these notebooks are complete (replaces)."""
        with self._lock:
            self._data["progress"][self.key(username)] = {"completed": sorted(set(completed))}
            self._write()

    def record_evaluation(self, username: str, evaluation: dict) -> bool:
        """Keep this evaluation as the participant's only one. True if it replaced an older one."""
        with self._lock:
            key = self.key(username)
            replaced = key in self._data["evaluations"]
            self._data["evaluations"][key] = evaluation
            self._write()
        return replaced

    def started(self) -> int:
        return len(self._data["progress"])

    def completions(self) -> Counter:
        return Counter(n for p in self._data["progress"].values() for n in p.get("completed", []))

    def evaluations(self) -> list[dict]:
        """The evaluations, in an order that says nothing about who sent which."""
        return [self._data["evaluations"][k] for k in sorted(self._data["evaluations"])]


def read_evaluations(folder: Path) -> list[dict]:
    """The stored evaluations, read without creating anything (for `cohort-end`)."""
    try:
        data = json.loads((Path(folder) / DATA_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return []
    evaluations = data.get("evaluations", {}) if isinstance(data, dict) else {}
    return [evaluations[k] for k in sorted(evaluations)] if isinstance(evaluations, dict) else []


def cohort_report(evaluations: list[dict], content=None) -> tuple[str, int]:
    """The cohort evaluation report, by the same code as `olivia-training cohort-report`.
    Returns (HTML page, number of evaluations used)."""
    from olivia_training.content import load
    from olivia_training.reports.answers import pack_notebooks
    from olivia_training.reports.cohort import Skipped, render_cohort, summarise
    from olivia_training.reports.evaluation import NotAnEvaluation, parse_evaluation

    workshop = load("workshop", content)
    question_ids = [q.id for q in workshop.questions]
    parsed, skipped = [], []
    for number, data in enumerate(evaluations, start=1):
        try:
            parsed.append(parse_evaluation(data, f"evaluation {number}", question_ids))
        except NotAnEvaluation as exc:
            skipped.append(Skipped(f"evaluation {number}", str(exc)))
    cohort = summarise(parsed, workshop.questions, pack_notebooks(), skipped)
    return render_cohort(cohort, workshop.title), cohort.n
