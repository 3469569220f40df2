"""The ids that reflection, confidence and evaluation answers are saved under, and how to
read them back.

The ids are part of the pack's interface: notebook 00 saves the "before" ratings, notebook
07 the reflections and "after" ratings, and the CPD record and the evaluation export read
them. Changing an id loses people's answers, so they are spelt out here once.

Readers never trust what is in the store: a hand-edited or older answer that is not the
expected shape reads as "not completed yet", never as an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

PHASES = ("before", "after")
SCALE = (1, 2, 3, 4, 5)
SCALE_WORDS = {
    1: "not at all confident",
    2: "a little confident",
    3: "fairly confident",
    4: "confident",
    5: "very confident",
}
NOT_RATED = "not rated yet"
NOT_COMPLETED = "not completed yet"

COMMENTS_ID = "evaluation-comments"  # {"text": str, "share": bool}
NOTEBOOKS_ID = "evaluation-notebooks"  # ["00", "07", ...], ticked by the participant
SESSION_ID = "evaluation-session"  # the session code typed into notebook 07


def confidence_id(phase: str, question_id: str) -> str:
    """`confidence-before-q-cse`: one rating, 1 to 5."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    return f"confidence-{phase}-{question_id}"


def reflection_id(question_id: str) -> str:
    """`reflection-q-cse`: {"reflection": text, "action": {"what", "by_when", "with_whom"}}."""
    return f"reflection-{question_id}"


def rating(value: Any) -> int | None:
    """A saved rating as 1..5, or None for anything else (unset, damaged, out of range)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value in SCALE else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class Action:
    what: str = ""
    by_when: str = ""
    with_whom: str = ""

    @property
    def empty(self) -> bool:
        return not (self.what or self.by_when or self.with_whom)

    def texts(self) -> list[str]:
        return [self.what, self.by_when, self.with_whom]


@dataclass(frozen=True)
class ReflectionAnswer:
    text: str = ""
    action: Action = Action()

    @property
    def empty(self) -> bool:
        return not self.text and self.action.empty

    @classmethod
    def from_value(cls, value: Any) -> ReflectionAnswer:
        if isinstance(value, str):  # a plain free-text answer
            return cls(text=value.strip())
        if not isinstance(value, dict):
            return cls()
        action = value.get("action")
        action = action if isinstance(action, dict) else {}
        return cls(
            text=_text(value.get("reflection")),
            action=Action(_text(action.get("what")), _text(action.get("by_when")),
                          _text(action.get("with_whom"))),
        )

    def to_value(self) -> dict:
        return {"reflection": self.text,
                "action": {"what": self.action.what, "by_when": self.action.by_when,
                           "with_whom": self.action.with_whom}}

    def texts(self) -> list[str]:
        return [self.text, *self.action.texts()]


@dataclass(frozen=True)
class Comments:
    text: str = ""
    share: bool = False

    @classmethod
    def from_value(cls, value: Any) -> Comments:
        if not isinstance(value, dict):
            return cls()
        return cls(_text(value.get("text")), value.get("share") is True)


def notebook_numbers(value: Any) -> list[str]:
    """Notebooks ticked as worked through, as sorted two-digit numbers ("00", "07")."""
    if not isinstance(value, list):
        return []
    found = set()
    for item in value:
        text = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        if text.isdigit() and len(text) <= 2:
            found.add(text.zfill(2))
    return sorted(found)


@dataclass(frozen=True)
class QuestionAnswers:
    """One of the briefing's four questions with everything the participant saved for it."""

    id: str
    short: str
    quote: str
    before: int | None
    after: int | None
    reflection: ReflectionAnswer


def read_participant(store, questions) -> list[QuestionAnswers]:
    """`questions` are the workshop model's questions (id, short, source)."""
    out = []
    for q in questions:
        out.append(QuestionAnswers(
            id=q.id, short=q.short, quote=q.source,
            before=rating(store.load(confidence_id("before", q.id))),
            after=rating(store.load(confidence_id("after", q.id))),
            reflection=ReflectionAnswer.from_value(store.load(reflection_id(q.id))),
        ))
    return out


def last_saved(store, ids) -> datetime | None:
    """When the latest of these answers was saved (local time), or None."""
    latest = None
    for exercise_id in ids:
        for version in store.history(exercise_id)[-1:]:
            try:
                when = datetime.fromisoformat(str(version.get("saved_at"))).astimezone()
            except ValueError:
                continue
            latest = when if latest is None or when > latest else latest
    return latest


def pack_notebooks(folder: Path | None = None) -> list[tuple[str, str]]:
    """(two-digit number, title) of each of the pack's notebooks, in order."""
    from olivia_training.paths import notebooks_dir

    out = []
    for path in sorted((folder or notebooks_dir()).glob("[0-9][0-9]_*.ipynb")):
        title = path.stem[3:].replace("_", " ").capitalize()
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            for cell in cells:
                if cell.get("cell_type") == "markdown":
                    match = re.search(r"^#\s+(.+)$", "".join(cell.get("source", "")), re.MULTILINE)
                    if match:
                        title = match.group(1).strip()
                        break
        except (OSError, ValueError, AttributeError):
            pass
        out.append((path.stem[:2], title))
    return out
