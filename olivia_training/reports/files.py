"""The two files a participant takes away: the CPD record and the anonymous evaluation.

Notebook 07's buttons (`views/reflection.py`) and the `cpd` and `evaluation-export` commands
write them through these functions, so both routes give the same file, in the same place,
with the same checks: the session code is validated, the CPD record is private to the
participant (it holds their reflections), nothing is half-written (atomic write), and a
damaged saved answer is reported rather than lost. Each caller only says it its own way
(a message under the button, or lines on the terminal).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from olivia_training.atomic import atomic_write_text

if TYPE_CHECKING:
    from olivia_training.reports.cpd import CpdRecord
    from olivia_training.reports.evaluation import Export

# The CLI reads these names when it builds its help, so the reports themselves (Jinja,
# the content models) are imported only when a file is written.
CPD_FILE = "cpd-record.html"
EVALUATION_FILE = "evaluation.json"

R = TypeVar("R")


@dataclass
class Written(Generic[R]):
    """What was written where, and the warnings met on the way (e.g. a damaged saved
    answer that was restored from its backup), for the caller to show."""

    path: Path
    report: R
    warnings: list[str] = field(default_factory=list)


def _collecting(make: Callable[[], R]) -> tuple[R, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = make()
    return report, [str(w.message) for w in caught]


def write_cpd_record(store, out: Path | None = None, *, hours: float | None = None,
                     day: date | None = None, content=None) -> Written[CpdRecord]:
    """Write the CPD record (default: `cpd-record.html` in the workshop folder), readable
    only by the participant. Raises OSError if it cannot be written, ValueError for bad hours."""
    from olivia_training.reports.cpd import cpd_record
    from olivia_training.responses import PRIVATE

    record, caught = _collecting(lambda: cpd_record(store, hours=hours, day=day, content=content))
    path = Path(out) if out is not None else store.workspace / CPD_FILE
    atomic_write_text(path, record.html, PRIVATE)
    return Written(path, record, caught)


def participant_evaluation(store, *, session: str | None = None,
                           content=None) -> tuple[Export, list[str]]:
    """The anonymous evaluation from the saved answers, and any warnings met on the way;
    what `write_evaluation` writes and what notebook 07 sends to a workshop hub.

    `session` is the code as typed; blank means the one saved in notebook 07, if any.
    Raises ValueError (`BadSession`) for a malformed session code."""
    from olivia_training.content import load
    from olivia_training.reports.evaluation import export_evaluation, normalise_session

    code = normalise_session(session)
    questions = [q.id for q in load("workshop", content).questions]
    return _collecting(lambda: export_evaluation(store, questions, code))


def write_evaluation(store, out: Path | None = None, *, session: str | None = None,
                     content=None) -> Written[Export]:
    """Write the anonymous evaluation (default: `evaluation.json` in the workshop folder).
    Raises ValueError for a malformed session code (before anything is written) and
    OSError if the file cannot be written."""
    export, caught = participant_evaluation(store, session=session, content=content)
    path = Path(out) if out is not None else store.workspace / EVALUATION_FILE
    atomic_write_text(path, export.text())
    return Written(path, export, caught)
