"""exercises/chronology.yaml: Olivia's story as data, each entry with its provenance.

The briefing gives no dates or ages, so entries sit in life stages. A briefing entry
the briefing does not place in time has stage `unspecified`, or a stage marked
`stage_provenance: illustrative`. No entry carries a calendar date.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from olivia_training.content.base import ContentModel, FreeTextPrompt, Id, Provenanced, Text, by_id

FILE = "chronology.yaml"

STAGES = ("unspecified", "early-years", "primary-school", "early-secondary", "mid-teens",
          "after-the-harm")
STAGE_LABELS = {
    "unspecified": "Throughout her life (not placed in time)",
    "early-years": "Early years (0 to 4)",
    "primary-school": "Primary school (5 to 11)",
    "early-secondary": "Early secondary school (11 to 13)",
    "mid-teens": "Mid-teens (14 to 16)",
    "after-the-harm": "After the harm",
}
AGENCIES = ("children's social care", "police", "health", "school", "probation", "courts",
            "sunrise team", "early help", "adult mental health", "substance misuse service",
            "safeguarding partnership", "services (not named in the briefing)")
THEMES = ("domestic abuse", "parental substance misuse", "parental mental health", "neglect",
          "child protection plan", "sexual exploitation", "going missing", "education", "health",
          "court/PLO", "escalation", "offender management", "parental non-engagement",
          "information sharing", "review")

Stage = Literal[STAGES]  # type: ignore[valid-type]
Agency = Literal[AGENCIES]  # type: ignore[valid-type]
Theme = Literal[THEMES]  # type: ignore[valid-type]


class Entry(Provenanced):
    id: Id
    stage: Stage
    # Where the stage itself comes from; defaults to the entry's provenance.
    stage_provenance: Literal["briefing", "illustrative"] | None = None
    age: str = ""
    title: Text
    description: Text
    agencies: list[Agency]
    themes: list[Theme]
    training_assumption: bool = False
    facilitator_note: str = ""

    @property
    def stage_source(self) -> str:
        return self.stage_provenance or self.provenance


class Exercise(FreeTextPrompt):
    """A free-text exercise on the chronology (notebook 01); answers go to ResponseStore."""

    lines: int = 6


class Legend(ContentModel):
    """The timeline's legend: one label per marker shape (told apart by shape, not colour)."""

    briefing: Text = "From the briefing"
    briefing_placed: Text = "From the briefing (placed in time for training)"
    illustrative: Text = "Illustrative (written for training)"
    assumption: Text = "Illustrative (written for training): training assumption"


class Captions(ContentModel):
    """The words around the chronology's figure and cards. The defaults are the pack's own,
    so an adapted copy written before `captions` existed still validates and reads the same."""

    timeline: Text = ("Who was involved when. Life stages run left to right, agencies top to "
                      'bottom. Circles are "From the briefing"; squares and diamonds are '
                      '"Illustrative (written for training)". Hollow markers are briefing entries '
                      "placed in time for training, and training assumptions. Numbers are entry "
                      "numbers in the chronology table.")
    # Under a briefing entry that the briefing does not date, placed in time for training.
    stage_placed: Text = ("The briefing does not say when this happened. Its place in this "
                          "timeline is an assumption for training.")
    legend: Legend = Legend()


PACK_CAPTIONS = Captions()  # the pack's own words, for callers that have no content at hand


class Model(ContentModel):
    entries: list[Entry]
    exercises: list[Exercise] = []
    captions: Captions = Captions()

    def exercise(self, exercise_id: str) -> Exercise:
        return by_id(self.exercises, exercise_id, "exercise")

    def entry(self, entry_id: str) -> Entry:
        return by_id(self.entries, entry_id, "entry")

    def rests_on_assumption(self, entry_ids: Iterable[str]) -> bool:
        """Whether anything set at these entries rests on a training assumption.

        Exercises refer to the chronology entries they are set at (a `chronology:` field,
        checked as a reference); their training-assumption label is derived from those
        entries here, so it can never drift from the chronology or be forgotten by hand.
        """
        return any(self.entry(i).training_assumption for i in entry_ids)


def extra_checks(model: Model, get):
    for i, entry in enumerate(model.entries):
        if entry.provenance == "briefing" and entry.age:
            yield ("entries", i, "age"), "the briefing gives no ages: a briefing entry has no age"
        if entry.training_assumption and entry.provenance != "illustrative":
            yield (("entries", i, "training_assumption"),
                   "only an illustrative entry can be a training assumption")
        if entry.provenance == "illustrative" and entry.stage_provenance == "briefing":
            yield ("entries", i, "stage_provenance"), "an illustrative entry's stage is illustrative"
    stages = [STAGES.index(e.stage) for e in model.entries]
    for i in range(1, len(stages)):
        if stages[i] < stages[i - 1]:
            yield ("entries", i, "stage"), "entries must be listed in chronological (stage) order"
