"""exercises/recording_drills.yaml: the Voice of the Child drills in notebook 04.

Every drill and the sort are illustrative: written for training, not findings of the
review, and labelled so wherever they are shown. Exemplar records and the sort's key are
`facilitator_` fields, so they reach the facilitator edition only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

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


# What a participant ticks on the printed drill when they have finished writing. The
# defaults are the pack's own lists, so a partnership's copy of the file written before
# `checklist` existed still validates and prints the same.
RECORD_CHECKLIST = (
    "I quoted Olivia's own words, in quotation marks, and said who said them.",
    "I recorded what Olivia wants, wishes, fears or feels.",
    "I kept what I saw and heard apart from my opinion, and gave the basis for my opinion.",
    "I said what this means for Olivia: the impact, the risk and what she needs.",
    "I said who will do what, and by when.",
    "I used plain words and spelled out any acronym.",
    "I described what adults did, without blaming Olivia.",
)
CHILD_CHECKLIST = (
    "I wrote to Olivia, in words she would use, with no acronyms.",
    "I showed that I heard her, using her own words.",
    "I said what she wants and feels, and what I will do with it.",
    "I said what happened and why, without judging her or her family.",
    "I told her what happens next, who will do it, and when.",
)


class Checklist(ContentModel):
    """`record`: for records and rationales (written for other professionals);
    `child`: for writing to Olivia herself."""

    record: Annotated[list[Text], Field(min_length=1)] = list(RECORD_CHECKLIST)
    child: Annotated[list[Text], Field(min_length=1)] = list(CHILD_CHECKLIST)


class Model(ContentModel):
    plo_note: Text
    drills: list[Drill]
    sort: Sort
    checklist: Checklist = Checklist()

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
