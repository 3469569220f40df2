"""The anonymous evaluation: what a participant hands to the facilitator, as JSON or as one
row of a CSV typed up from the paper form.

A JSON file (`olivia-training evaluation-export`) looks like this::

    {
      "schema": "olivia-training-evaluation",
      "schema_version": 1,
      "session": "ROCH-0312",
      "confidence": {"q-cse": {"before": 2, "after": 4}, "q-sunrise": {"before": null, ...}},
      "notebooks_completed": ["00", "01", "07"],
      "comments": "Only present when the participant ticked the box to share it."
    }

It holds no name, no workspace path and no date. Ratings are whole numbers 1 to 5, or null
for "not rated".

The CSV (`CSV_DOC` below; `olivia-training cohort-report --csv-template FILE` writes an
empty one) has one row per participant and these columns, in any order:

    session                 the session code (may be blank)
    before_q-cse ...        the "before" rating for each question, 1 to 5, blank if not rated
    after_q-cse ...         the "after" rating for each question, 1 to 5, blank if not rated
    notebooks_completed     two-digit notebook numbers separated by spaces, e.g. "00 01 07"
    comments                comments the participant agreed to share (may be blank)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from olivia_training.reports.answers import (
    COMMENTS_ID,
    NOTEBOOKS_ID,
    SESSION_ID,
    Comments,
    confidence_id,
    notebook_numbers,
    rating,
)

SCHEMA = "olivia-training-evaluation"
SCHEMA_VERSION = 1
SESSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _./-]{0,39}$")
MAX_COMMENT = 4000
MAX_FILE_BYTES = 1_000_000


class NotAnEvaluation(ValueError):
    """The file or row cannot be used; the message says why, in a few words."""


class BadSession(ValueError):
    """A session code that is not one a facilitator could have given out."""


def normalise_session(code: str | None) -> str | None:
    """A session code as given out by the facilitator: trimmed; None when blank."""
    if code is None or not str(code).strip():
        return None
    code = re.sub(r"\s+", " ", str(code).strip())
    if not SESSION_PATTERN.match(code):
        raise BadSession("a session code is 1 to 40 letters, digits, spaces, dots, dashes, "
                         "slashes or underscores")
    return code


def same_session(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


@dataclass(frozen=True)
class Evaluation:
    """One participant's evaluation, whichever way it arrived."""

    source: str
    session: str | None
    ratings: dict[str, tuple[int | None, int | None]]
    notebooks: tuple[str, ...] = ()
    comments: str = ""


@dataclass
class Export:
    data: dict
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"


def export_evaluation(store, question_ids: list[str], session: str | None = None) -> Export:
    """The participant's evaluation from their saved answers. `notes` tell them what was
    left out and why (comments not shared, or looking like personal data). Without a
    `session`, the code saved in notebook 07 is used, if it is a valid one."""
    from olivia_training.domain.personal_data import find_personal_data

    notes: list[str] = []
    if session is None:
        saved = store.load(SESSION_ID)
        try:
            session = normalise_session(saved) if isinstance(saved, str) else None
        except ValueError:
            session = None
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "session": normalise_session(session),
        "confidence": {
            qid: {"before": rating(store.load(confidence_id("before", qid))),
                  "after": rating(store.load(confidence_id("after", qid)))}
            for qid in question_ids
        },
        "notebooks_completed": notebook_numbers(store.load(NOTEBOOKS_ID)),
    }
    comments = Comments.from_value(store.load(COMMENTS_ID))
    if comments.text and not comments.share:
        notes.append("Your comments were left out: you did not tick the box to share them.")
    elif comments.text:
        kinds = sorted({found.label for found in find_personal_data(comments.text)})
        if kinds:
            notes.append(f"Your comments were left out: they look as if they contain "
                         f"{' and '.join(kinds)}. Reword them in notebook 07 and export again.")
        else:
            data["comments"] = comments.text[:MAX_COMMENT]
    return Export(data, notes)


# -- reading ---------------------------------------------------------------------------------
def _rating_field(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    found = rating(value)
    if found is None:
        raise NotAnEvaluation(f"{where} is {value!r}, not a rating from 1 to 5")
    return found


def parse_evaluation(data: Any, source: str, question_ids: list[str]) -> Evaluation:
    """An Evaluation from a loaded JSON document; NotAnEvaluation if it is not one of ours."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise NotAnEvaluation("not an Olivia training evaluation file")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotAnEvaluation("no valid schema_version")
    if version > SCHEMA_VERSION:
        raise NotAnEvaluation(f"made by a newer version of the pack (schema version {version}); "
                              "update olivia-training to read it")
    session = data.get("session")
    if session is not None and not isinstance(session, str):
        raise NotAnEvaluation("session is not text")
    confidence = data.get("confidence")
    if not isinstance(confidence, dict):
        raise NotAnEvaluation("no confidence ratings")
    ratings = {}
    for qid in question_ids:
        pair = confidence.get(qid, {})
        if not isinstance(pair, dict):
            raise NotAnEvaluation(f"confidence for {qid} is not a before/after pair")
        ratings[qid] = (_rating_field(pair.get("before"), f"{qid} before"),
                        _rating_field(pair.get("after"), f"{qid} after"))
    notebooks = data.get("notebooks_completed", [])
    if not isinstance(notebooks, list):
        raise NotAnEvaluation("notebooks_completed is not a list")
    comments = data.get("comments", "")
    if not isinstance(comments, str):
        raise NotAnEvaluation("comments are not text")
    return Evaluation(source, session.strip() if isinstance(session, str) and session.strip() else None,
                      ratings, tuple(notebook_numbers(notebooks)), comments.strip()[:MAX_COMMENT])


def read_json(path: Path, question_ids: list[str]) -> Evaluation:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotAnEvaluation("too large to be an evaluation file")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise NotAnEvaluation("not a text file") from None
    except json.JSONDecodeError as exc:
        raise NotAnEvaluation(f"not valid JSON (line {exc.lineno})") from None
    return parse_evaluation(data, str(path), question_ids)


def csv_columns(question_ids: list[str]) -> list[str]:
    return (["session"] + [f"before_{q}" for q in question_ids] + [f"after_{q}" for q in question_ids]
            + ["notebooks_completed", "comments"])


def csv_template(question_ids: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(csv_columns(question_ids))
    return buffer.getvalue()


@dataclass(frozen=True)
class RowProblem:
    source: str
    reason: str


def read_csv(path: Path, question_ids: list[str]) -> tuple[list[Evaluation], list[RowProblem]]:
    """Every usable row, and a problem for each row that is not. A file without the
    expected columns raises NotAnEvaluation (the whole file is skipped)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotAnEvaluation("too large to be an evaluation file")
        text = path.read_text(encoding="utf-8-sig")  # Excel adds a byte-order mark
    except UnicodeDecodeError:
        raise NotAnEvaluation("not a UTF-8 text file (in Excel, save as 'CSV UTF-8')") from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    rating_columns = [c for c in csv_columns(question_ids) if c.startswith(("before_", "after_"))]
    missing = [c for c in rating_columns if c not in headers]
    if not headers or len(missing) == len(rating_columns):
        raise NotAnEvaluation("not an evaluation CSV (no before_/after_ rating columns)")
    rows, problems = [], []
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        where = f"{path} row {number}"
        values = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
        if not any(v for k, v in values.items() if k != "session"):
            continue  # a blank line, or a row with only the session filled in ahead
        try:
            ratings = {q: (_rating_field(values.get(f"before_{q}", ""), f"before_{q}"),
                           _rating_field(values.get(f"after_{q}", ""), f"after_{q}"))
                       for q in question_ids}
        except NotAnEvaluation as exc:
            problems.append(RowProblem(where, str(exc)))
            continue
        notebooks = re.split(r"[\s,;]+", values.get("notebooks_completed", ""))
        rows.append(Evaluation(where, values.get("session") or None, ratings,
                               tuple(notebook_numbers([n for n in notebooks if n])),
                               values.get("comments", "")[:MAX_COMMENT]))
    return rows, problems
