"""The one store for participants' answers.

Every exercise saves through `ResponseStore`, so answers survive kernel restarts, crashes
mid-save and two notebooks open at once. Each exercise id is one JSON file holding its
versions (a recording drill keeps every revision); a `.bak` twin holds the last good
copy so a corrupt file is recovered rather than emptied.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

from olivia_training.atomic import atomic_write_text
from olivia_training.paths import workspace_dir

SCHEMA = 1
MAX_VERSIONS = 100
PRIVATE = 0o600  # answers are personal: readable by their owner only
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


class RecoveredAnswerWarning(UserWarning):
    """An answer file was unreadable; the last good version was restored."""


class ResponseStore:
    def __init__(self, workspace: str | Path | None = None):
        self.workspace = workspace_dir(workspace)
        self.folder = self.workspace / "answers"
        self.recovered: list[str] = []

    def __repr__(self) -> str:
        return f"ResponseStore({str(self.workspace)!r})"

    # -- paths -------------------------------------------------------------------------
    def _path(self, exercise_id: str) -> Path:
        if not _ID.match(exercise_id):
            raise ValueError(f"not a valid exercise id: {exercise_id!r}")
        return self.folder / f"{exercise_id}.json"

    def _lock(self, path: Path) -> FileLock:
        return FileLock(str(path) + ".lock", timeout=30)

    # -- reading -----------------------------------------------------------------------
    @staticmethod
    def _parse(path: Path) -> dict | None:
        """The record at `path`, None if absent; raises ValueError if damaged."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:
            raise ValueError("not UTF-8") from exc
        record = json.loads(raw)
        if not isinstance(record, dict) or not isinstance(record.get("versions"), list):
            raise ValueError("not an answer record")
        # A hand edit can leave valid JSON of the wrong shape; treat it as damage too.
        if not all(isinstance(v, dict) and "value" in v for v in record["versions"]):
            raise ValueError("not an answer record")
        return record

    def _read(self, exercise_id: str, *, locked: bool = False) -> dict | None:
        """The record; `locked` when the caller already holds this id's lock (a second
        FileLock on the same file would wait on the first until it timed out)."""
        path = self._path(exercise_id)
        try:
            return self._parse(path)
        except ValueError:
            if locked:
                return self._recover(exercise_id, path)
            with self._lock(path):
                return self._recover(exercise_id, path)

    def _recover(self, exercise_id: str, path: Path) -> dict | None:
        """Called with the id's lock held."""
        try:  # another process may have repaired it meanwhile
            return self._parse(path)
        except ValueError:
            pass
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        aside = path.with_name(f"{path.stem}.corrupt-{stamp}.json")
        path.replace(aside)
        backup = path.with_name(path.name + ".bak")
        try:
            record = self._parse(backup)
        except ValueError:
            record = None
        if record is not None:
            atomic_write_text(path, json.dumps(record, ensure_ascii=False, indent=1), PRIVATE)
        self.recovered.append(exercise_id)
        restored = "the last good version was restored" if record else "no earlier copy exists"
        warnings.warn(
            f"Your saved answer for '{exercise_id}' was damaged; {restored}. "
            f"The damaged file was kept as {aside.name}.",
            RecoveredAnswerWarning,
            stacklevel=3,
        )
        return record

    # -- public API ----------------------------------------------------------------------
    def save(self, exercise_id: str, value: Any) -> dict:
        """Append a version; durable on disk when this returns."""
        path = self._path(exercise_id)
        json.dumps(value)  # fail before touching disk if the value cannot be stored
        with self._lock(path):
            record = (self._read(exercise_id, locked=True)
                      or {"schema": SCHEMA, "id": exercise_id, "versions": []})
            version = {"saved_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                       "value": value}
            record["versions"] = [*record["versions"], version][-MAX_VERSIONS:]
            text = json.dumps(record, ensure_ascii=False, indent=1)
            atomic_write_text(path, text, PRIVATE)
            atomic_write_text(path.with_name(path.name + ".bak"), text, PRIVATE)
        return version

    def load(self, exercise_id: str, default: Any = None) -> Any:
        record = self._read(exercise_id)
        if not record or not record["versions"]:
            return default
        return record["versions"][-1]["value"]

    def history(self, exercise_id: str) -> list[dict]:
        """Every saved version, oldest first: [{"saved_at": ..., "value": ...}, ...]."""
        record = self._read(exercise_id)
        return list(record["versions"]) if record else []

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if ".corrupt-" not in p.name)

    def all(self) -> dict[str, Any]:
        """Latest value of every saved answer."""
        out = {}
        for exercise_id in self.ids():
            record = self._read(exercise_id)
            if record and record["versions"]:
                out[exercise_id] = record["versions"][-1]["value"]
        return out
