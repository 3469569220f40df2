"""exercises/recording_drills.yaml: the Voice of the Child drills in notebook 04.

Every drill and the sort are illustrative: written for training, not findings of the
review, and labelled so wherever they are shown. Exemplar records and the sort's key are
`facilitator_` fields, so they reach the facilitator edition only.
"""

from __future__ import annotations

from typing import Literal

from olivia_training.content.base import ContentModel, Id, Provenanced, Text, by_id

FILE = "recording_drills.yaml"

DRILL_KINDS = ("record", "rationale", "to_child")
SORT_CATEGORIES = {
    "observed_fact": "Observed fact",
    "reported_information": "Reported information",
    "opinion_with_basis": "Professional opinion with its basis",
    "assumption": "Assumption",
}
SORT_MIN, SORT_MAX = 10, 12

Category = Literal[tuple(SORT_CATEGORIES)]  # type: ignore[valid-type]


class Drill(Provenanced):
    id: Id
    kind: Literal[DRILL_KINDS]  # type: ignore[valid-type]
    title: Text
    role: Text
    setting: Text
    age: str = ""
    # record drills: what happened, as the participant saw and heard it.
    account: list[Text] = []
    # rationale and to_child drills: the text to rewrite.
    original: str = ""
    task: Text
    lines: int = 12
    training_assumption: bool = False
    facilitator_exemplar: Text
    facilitator_note: str = ""


class CategoryNote(ContentModel):
    category: Category
    meaning: Text


class Statement(ContentModel):
    id: Id
    text: Text
    facilitator_key: Category
    facilitator_why: Text


class Sort(Provenanced):
    id: Id
    title: Text
    setting: Text
    task: Text
    training_assumption: bool = False
    categories: list[CategoryNote]
    statements: list[Statement]
    facilitator_note: str = ""


class Model(ContentModel):
    plo_note: Text
    drills: list[Drill]
    sort: Sort

    def drill(self, drill_id: str) -> Drill:
        return by_id(self.drills, drill_id, "drill")


def extra_checks(model: Model, get):
    for i, drill in enumerate(model.drills):
        if drill.provenance != "illustrative":
            yield ("drills", i, "provenance"), "a drill about Olivia is illustrative"
        if drill.kind == "record" and not drill.account:
            yield ("drills", i, "account"), "a record drill needs an account of what happened"
        if drill.kind != "record" and not drill.original.strip():
            yield ("drills", i, "original"), f"a {drill.kind} drill needs the original text to rewrite"
    if sum(d.kind == "record" for d in model.drills) < 3:
        yield ("drills",), "give at least three record drills"
    for kind in ("rationale", "to_child"):
        if not any(d.kind == kind for d in model.drills):
            yield ("drills",), f"give a {kind} drill"
    sort = model.sort
    if sort.provenance != "illustrative":
        yield ("sort", "provenance"), "the sort is illustrative"
    if not SORT_MIN <= len(sort.statements) <= SORT_MAX:
        yield ("sort", "statements"), f"give {SORT_MIN} to {SORT_MAX} statements"
    used = {s.facilitator_key for s in sort.statements}
    for category in SORT_CATEGORIES:
        if category not in used:
            yield ("sort", "statements"), f"no statement is keyed '{category}'"
    if sorted(c.category for c in sort.categories) != sorted(SORT_CATEGORIES):
        yield ("sort", "categories"), "describe each category once"
