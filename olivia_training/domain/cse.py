"""Recognising child sexual exploitation (CSE): the feedback logic.

Pure functions over the content model (exercises/cse.yaml); no widgets. The views turn
these results into HTML.

Feedback coaches (writing-guide.md): it names what the participant did well first, then
what they missed and why it matters, and it never gives a score or a pass/fail. Counts of
"what you noticed" are given where they help. Every indicator result ends with the reminder
that indicators prompt curiosity: they do not prove or rule out exploitation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ANSWERS = {"myth": "Myth", "fact": "Fact", "unsure": "Not sure"}


# -- indicator cards -------------------------------------------------------------------------
@dataclass(frozen=True)
class Noticed:
    """One observation on a card, with the indicator it shows (None if not a listed one)."""

    id: str
    text: str
    indicator: str = ""  # indicator label
    why: str = ""  # why the indicator matters, or why this is not a listed indicator


@dataclass(frozen=True)
class IndicatorFeedback:
    card_id: str
    spotted: list[Noticed]
    missed: list[Noticed]
    beyond: list[Noticed]  # ticked, but not a commonly listed indicator
    curiosity: str

    @property
    def total(self) -> int:
        return len(self.spotted) + len(self.missed)

    @property
    def opening(self) -> str:
        """What went well, first; or an invitation if nothing is ticked yet."""
        if self.spotted and not self.missed:
            if self.total == 1:
                return "You noticed the commonly listed indicator on this card."
            return f"You noticed all {self.total} of the commonly listed indicators on this card."
        if self.spotted:
            return (f"You noticed {len(self.spotted)} of the {self.total} commonly listed "
                    "indicators on this card.")
        if self.beyond:
            return ("You were reading closely and noticing change in Olivia's life. None of the "
                    "things you ticked is a commonly listed indicator on its own; look again at "
                    "the card with the list below in mind.")
        return ("You have not ticked anything on this card yet. Read it again and tick anything "
                "that could be an indicator of child sexual exploitation.")


def indicator_feedback(model, card_id: str, ticked: Iterable[str]) -> IndicatorFeedback:
    """Compare the observations ticked on a card with the card's key."""
    card = model.card(card_id)
    chosen = set(ticked)
    spotted, missed, beyond = [], [], []
    for obs in card.observations:
        if obs.is_indicator:
            indicator = model.indicator(obs.facilitator_indicator)
            item = Noticed(obs.id, obs.text, indicator.label, indicator.why)
            (spotted if obs.id in chosen else missed).append(item)
        elif obs.id in chosen:
            beyond.append(Noticed(obs.id, obs.text, "", obs.facilitator_note))
    return IndicatorFeedback(card.id, spotted, missed, beyond, model.curiosity)


# -- myths and facts -------------------------------------------------------------------------
@dataclass(frozen=True)
class QuizFeedback:
    item_id: str
    answer: str
    key: str
    opening: str
    explanation: str
    say_instead: str
    discuss: str

    @property
    def matches(self) -> bool:
        return self.answer == self.key


def quiz_feedback(item, answer: str) -> QuizFeedback:
    """Coaching feedback on one myth-or-fact answer ('myth', 'fact' or 'unsure')."""
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {', '.join(ANSWERS)}")
    key = item.facilitator_answer
    if answer == key:
        opening = f"Yes: this is a {key}."
    elif answer == "unsure":
        opening = f"It is good to say when you are not sure. This is a {key}."
    elif key == "myth":
        opening = "Many people believe this, and it is worth unpicking why. It is a myth."
    else:
        opening = "It can be hard to believe, but this is a fact."
    return QuizFeedback(item.id, answer, key, opening, item.facilitator_explanation,
                        item.facilitator_say_instead, item.discuss)
