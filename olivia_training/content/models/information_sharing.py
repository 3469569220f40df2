"""exercises/information_sharing.yaml: sharing information about a risky adult (notebook 06).

Each agency holds one piece of the picture about an adult man. The participant decides who
each piece should go to, and when. The whole exercise is illustrative, a training
assumption: the briefing does not say the man who harmed Olivia was out on warrant. The
suggested answers (`facilitator_share_with`, `facilitator_when`, `facilitator_why`, and
`facilitator_once` for who else needs it once something more is known) and the note on how a
licence recall reaches the police are for the facilitator edition only.
"""

from __future__ import annotations

from typing import Annotated

from olivia_training.content.base import ContentModel, Id, Provenanced, Ref, Text, by_id

FILE = "information_sharing.yaml"


class Agency(ContentModel):
    id: Id
    name: Text
    in_sentence: Text  # how feedback names it mid-sentence, e.g. "the police"


class Timing(ContentModel):
    id: Id
    label: Text


class Once(ContentModel):
    """A later part of a suggested answer: who else needs the piece once a condition holds.

    An answer key must be one that police, probation, health and social-care participants
    can all agree with. Some pieces go to one agency now and to others only once more is
    known, e.g. a warrant goes to children's social care once the man is linked to a child.
    """

    condition: Text  # a clause, e.g. "once <something> is known" (the key itself stays in the YAML)
    share_with: list[Id]
    why: str = ""


class Piece(Provenanced):
    id: Id
    agency: Id
    chronology: Annotated[str, Ref("chronology")]
    holds: Text
    # The suggested answer now: who to share with, and when.
    facilitator_share_with: list[Id]
    facilitator_when: Id
    facilitator_why: Text
    facilitator_once: Once | None = None


class Model(ContentModel):
    title: Text
    assumption: Text
    intro: Text
    agencies: list[Agency]
    timings: list[Timing]
    pieces: list[Piece]
    closing: Text  # shown in the live exercise once feedback has been asked for
    unlawfully_at_large: Text
    sources: Annotated[list[str], Ref("sources")] = []
    facilitator_recall_note: Text
    facilitator_debrief: Text

    def agency(self, agency_id: str) -> Agency:
        return by_id(self.agencies, agency_id, "agency")

    def timing(self, timing_id: str) -> Timing:
        return by_id(self.timings, timing_id, "timing")


def extra_checks(model: Model, get):
    agencies = {a.id for a in model.agencies}
    timings = {t.id for t in model.timings}
    for i, piece in enumerate(model.pieces):
        if not piece.is_illustrative:
            yield (("pieces", i, "provenance"),
                   "this exercise is a training assumption: provenance must be 'illustrative'")
        if piece.agency not in agencies:
            yield ("pieces", i, "agency"), f"'{piece.agency}' is not one of the agencies listed"
        for j, target in enumerate(piece.facilitator_share_with):
            if target not in agencies:
                yield (("pieces", i, "facilitator_share_with", j),
                       f"'{target}' is not one of the agencies listed")
            elif target == piece.agency:
                yield (("pieces", i, "facilitator_share_with", j),
                       "an agency does not share with itself")
        if piece.facilitator_once is not None:
            for j, target in enumerate(piece.facilitator_once.share_with):
                where = ("pieces", i, "facilitator_once", "share_with", j)
                if target not in agencies:
                    yield where, f"'{target}' is not one of the agencies listed"
                elif target == piece.agency:
                    yield where, "an agency does not share with itself"
                elif target in piece.facilitator_share_with:
                    yield where, f"'{target}' is already in facilitator_share_with (now)"
            if not piece.facilitator_once.share_with:
                yield ("pieces", i, "facilitator_once", "share_with"), "must not be empty"
        if piece.facilitator_when not in timings:
            yield ("pieces", i, "facilitator_when"), f"'{piece.facilitator_when}' is not a timing id"
