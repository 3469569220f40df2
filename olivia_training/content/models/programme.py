"""exercises/programme.yaml: the notebooks, their exercises and the session plans.

The facilitator guide's coverage matrix and session timetables are generated from this
file, so they cannot drift from it. Each exercise names the findings and questions of
the briefing that it addresses (ids in workshop.yaml); each session is a list of timed
blocks that must add up to the session's length.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import PositiveInt, field_validator

from olivia_training.content.base import ContentModel, Id, Ref, Text, by_id
from olivia_training.content.loader import ContentError

FILE = "programme.yaml"

FORMATS = ("individual", "pairs", "small groups", "whole group", "individual then group",
           "individual then pairs", "whole group then pairs")
Format = Literal[FORMATS]  # type: ignore[valid-type]


class Exercise(ContentModel):
    # The id the notebook uses for the exercise (its saved-answer id, or a content id it
    # passes to the one-line call), so a test can find it in the notebook.
    id: Id
    title: Text
    minutes: PositiveInt
    format: Format
    findings: Annotated[list[str], Ref("workshop")] = []
    questions: Annotated[list[str], Ref("workshop")] = []
    # Text that stands in the notebook's cells when the id does not (for example a
    # discussion with no widget). Defaults to the id.
    marker: str = ""

    @property
    def covers(self) -> list[str]:
        return [*self.findings, *self.questions]


class Notebook(ContentModel):
    id: Id  # the notebook's file name in notebooks/, without .ipynb
    title: Text
    minutes: PositiveInt
    exercises: list[Exercise] = []

    @property
    def number(self) -> str:
        return self.id.split("_", 1)[0]

    @property
    def covers(self) -> list[str]:
        seen: list[str] = []
        for exercise in self.exercises:
            seen.extend(i for i in exercise.covers if i not in seen)
        return seen


class Block(ContentModel):
    title: Text
    minutes: PositiveInt
    kind: Literal["activity", "break"] = "activity"
    format: Format | None = None
    notebook: Annotated[str, Ref("programme")] = ""
    exercises: Annotated[list[str], Ref("programme")] = []
    note: str = ""


class Session(ContentModel):
    id: Id
    title: Text
    summary: Text
    start: str  # a clock time such as "09:30", for the example timetable
    total_minutes: PositiveInt
    needs: Text  # equipment: laptops, a JupyterHub, or paper handouts
    blocks: list[Block]

    @field_validator("start")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise ValueError("must be a 24-hour clock time such as 09:30")
        return value


class Model(ContentModel):
    notebooks: list[Notebook]
    sessions: list[Session]

    def notebook(self, notebook_id: str) -> Notebook:
        return by_id(self.notebooks, notebook_id, "notebook")

    def exercise(self, exercise_id: str) -> tuple[Notebook, Exercise]:
        for nb in self.notebooks:
            for ex in nb.exercises:
                if ex.id == exercise_id:
                    return nb, ex
        raise KeyError(exercise_id)

    def session(self, session_id: str) -> Session:
        return by_id(self.sessions, session_id, "session")


def extra_checks(model: Model, get):
    notebook_ids = {nb.id for nb in model.notebooks}
    owner: dict[str, str] = {}
    for n, nb in enumerate(model.notebooks):
        for e, ex in enumerate(nb.exercises):
            if ex.id in owner:
                yield ("notebooks", n, "exercises", e, "id"), (
                    f"exercise id '{ex.id}' is already used in notebook {owner[ex.id]}")
            owner.setdefault(ex.id, nb.id)
            if ex.id in notebook_ids:
                yield ("notebooks", n, "exercises", e, "id"), "an exercise id must not be a notebook id"
        total = sum(ex.minutes for ex in nb.exercises)
        if total > nb.minutes:
            yield ("notebooks", n, "minutes"), (
                f"the exercises take {total} minutes, more than the notebook's {nb.minutes}")

    try:
        workshop = get("workshop").model
    except ContentError:  # reported against workshop.yaml itself
        workshop = None
    if workshop is not None:
        covered = {i for nb in model.notebooks for i in nb.covers}
        for item in [*workshop.findings, *workshop.questions]:
            if item.id not in covered:
                yield ("notebooks",), f"no exercise addresses '{item.id}' from workshop.yaml"

    for s, session in enumerate(model.sessions):
        total = sum(block.minutes for block in session.blocks)
        if total != session.total_minutes:
            yield ("sessions", s, "blocks"), (
                f"the blocks add up to {total} minutes, not the session's {session.total_minutes}")
        for b, block in enumerate(session.blocks):
            where = ("sessions", s, "blocks", b)
            if block.kind == "break":
                if block.notebook or block.exercises or block.format:
                    yield where, "a break has no notebook, exercises or format"
                continue
            if block.format is None:
                yield (*where, "format"), "say whether this is individual, pairs or group work"
            if block.notebook and block.notebook not in notebook_ids:
                yield (*where, "notebook"), f"'{block.notebook}' is not a notebook in this file"
            for x, exercise_id in enumerate(block.exercises):
                if exercise_id not in owner:
                    yield (*where, "exercises", x), f"'{exercise_id}' is not an exercise in this file"
                elif block.notebook and owner[exercise_id] != block.notebook:
                    yield (*where, "exercises", x), (
                        f"'{exercise_id}' belongs to notebook {owner[exercise_id]}, not {block.notebook}")
