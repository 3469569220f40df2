"""exercises/cse.yaml: recognising child sexual exploitation (notebook 05).

The DfE (2017) definition, the commonly listed indicators, illustrative indicator cards set
at points in Olivia's chronology, and a myths-and-facts quiz. Which observation is an
indicator, and the quiz's answers and explanations, are keys: they live in `facilitator_`
fields, so the participant edition never prints them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import field_validator

from olivia_training.content.base import ContentModel, FreeTextPrompt, Id, Provenanced, Ref, Text, by_id

FILE = "cse.yaml"


class Definition(ContentModel):
    quote: Text
    also: Text
    source_id: Annotated[str, Ref("sources")]


class Indicator(ContentModel):
    id: Id
    label: Text
    why: Text


class Observation(ContentModel):
    id: Id
    text: Text
    # The indicator this observation shows, or "" if it is not a commonly listed indicator.
    facilitator_indicator: str = ""
    facilitator_note: str = ""

    @property
    def is_indicator(self) -> bool:
        return bool(self.facilitator_indicator)


class Card(Provenanced):
    id: Id
    title: Text
    # The chronology entries the card is set at. One id (the earlier form) or a list; the
    # card's training-assumption label is derived from these entries.
    chronology: Annotated[list[str], Ref("chronology")]
    scene: Text
    observations: list[Observation]
    facilitator_note: str = ""

    @field_validator("chronology", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class Myth(ContentModel):
    id: Id
    term: Text
    statement: Text
    discuss: Text
    sources: Annotated[list[str], Ref("sources")] = []
    facilitator_answer: Literal["myth", "fact"]
    facilitator_explanation: Text
    facilitator_say_instead: str = ""


# The defaults are the pack's own words, so an adapted copy written before the field existed
# still validates and shows the same exercise.
LOCAL_ROUTE = FreeTextPrompt(
    id="05-local-route",
    prompt="Your own route: who is your manager or designated safeguarding lead (DSL), and how "
           "does your agency refer a concern to the Sunrise Complex Safeguarding Team? If you do "
           "not know yet, write down who you will ask, and when.",
    lines=4,
    # No facilitator_note here: code ships to participants (JupyterHub); the note lives in
    # the YAML, which the participant edition strips.
)


class Model(ContentModel):
    definition: Definition
    indicators_source: Text
    curiosity: Text
    indicators: list[Indicator]
    cards: list[Card]
    myths: list[Myth]
    # Free text at the end of notebook 05: the participant writes down their own route.
    local_route: FreeTextPrompt = LOCAL_ROUTE

    def indicator(self, indicator_id: str) -> Indicator:
        return by_id(self.indicators, indicator_id, "indicator")

    def card(self, card_id: str) -> Card:
        return by_id(self.cards, card_id, "card")


def extra_checks(model: Model, get):
    known = {i.id for i in model.indicators}
    for i, card in enumerate(model.cards):
        if not card.chronology:
            yield ("cards", i, "chronology"), "name the chronology entry the card is set at"
        if not card.is_illustrative:
            yield (("cards", i, "provenance"),
                   "an indicator card is written for training: provenance must be 'illustrative'")
        kinds = [o.is_indicator for o in card.observations]
        if not any(kinds) or all(kinds):
            yield (("cards", i, "observations"),
                   "a card needs a mixture: at least one indicator and one observation that is not")
        for j, obs in enumerate(card.observations):
            if obs.facilitator_indicator and obs.facilitator_indicator not in known:
                yield (("cards", i, "observations", j, "facilitator_indicator"),
                       f"'{obs.facilitator_indicator}' is not an indicator id in this file")
            if not obs.is_indicator and not obs.facilitator_note.strip():
                yield (("cards", i, "observations", j, "facilitator_note"),
                       "say why this is not a listed indicator (facilitator_note)")
    answers = {m.facilitator_answer for m in model.myths}
    if model.myths and answers != {"myth", "fact"}:
        yield ("myths",), "the quiz needs at least one myth and one fact"
