"""Recognising child sexual exploitation (CSE) and sharing information: the feedback logic.

Pure functions over the content models (exercises/cse.yaml, information_sharing.yaml); no
widgets. The views turn these results into HTML.

Feedback coaches (writing-guide.md): it names what the participant did well first, then
what they missed and why it matters, and it never gives a score or a pass/fail. Counts of
"what you noticed" are given where they help. Every indicator result ends with the reminder
that indicators prompt curiosity: they do not prove or rule out exploitation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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

    @property
    def all_spotted(self) -> bool:
        return bool(self.spotted) and not self.missed


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


def cards_summary(model, ticks: dict[str, list[str]]) -> dict[str, int]:
    """Across all cards: how many listed indicators there are and how many were noticed."""
    noticed = total = 0
    for card in model.cards:
        fb = indicator_feedback(model, card.id, ticks.get(card.id, []))
        noticed += len(fb.spotted)
        total += fb.total
    return {"noticed": noticed, "total": total, "cards": len(model.cards)}


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


# -- sharing information about a risky adult -------------------------------------------------
@dataclass(frozen=True)
class SharingFeedback:
    piece_id: str
    agreed: list[str] = field(default_factory=list)  # agency names
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    when_chosen: str = ""  # timing label, "" if none chosen
    when_suggested: str = ""
    why: str = ""
    # Who else needs it once a condition holds (the answer key's `facilitator_once`):
    # `ahead` were ticked already, `later` were not.
    ahead: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    condition: str = ""
    once_why: str = ""

    @property
    def when_agrees(self) -> bool:
        return bool(self.when_chosen) and self.when_chosen == self.when_suggested

    def lines(self) -> list[str]:
        """The feedback, in coaching order: what went well, then what to consider."""
        out = []
        if self.agreed:
            out.append(f"You would share this with {_join(self.agreed)}. Good: they need it.")
        if self.when_agrees:
            out.append(f"{self.when_chosen}: yes. Each day the pieces stay apart is a day he is "
                       "not found and Olivia is not protected.")
        if self.missing:
            lead = "Consider also sharing it with" if self.agreed else "Consider sharing it with"
            out.append(f"{lead} {_join(self.missing)}.")
        if self.ahead:
            why = f" {self.once_why}" if self.once_why else ""
            out.append(f"You would also tell {_join(self.ahead)}. They need it {self.condition}, "
                       f"the same day.{why}")
        if self.later:
            out.append(f"Then, {self.condition}, share it with {_join(self.later)} too, the "
                       "same day.")
        if self.extra:
            out.append(f"You would also tell {_join(self.extra)}. That may help too: ask what "
                       "they need to know to protect Olivia, and share that.")
        if not self.when_chosen:
            out.append(f"Decide when, too. Suggested: {self.when_suggested.lower()}.")
        elif not self.when_agrees:
            out.append(f"You chose \"{self.when_chosen.lower()}\". Consider: "
                       f"{self.when_suggested.lower()}. Waiting leaves the pieces apart while "
                       "Olivia is still in contact with him.")
        return out


def sharing_feedback(model, piece_id: str, share_with: Iterable[str], when: str | None) -> SharingFeedback:
    piece = next((p for p in model.pieces if p.id == piece_id), None)
    if piece is None:
        raise KeyError(f"no piece {piece_id!r}")
    chosen = [a for a in share_with if a != piece.agency]
    suggested = piece.facilitator_share_with
    once = piece.facilitator_once
    later = once.share_with if once else []
    name = lambda agency_id: model.agency(agency_id).in_sentence  # noqa: E731
    return SharingFeedback(
        piece_id=piece.id,
        agreed=[name(a) for a in suggested if a in chosen],
        missing=[name(a) for a in suggested if a not in chosen],
        extra=[name(a) for a in chosen if a not in suggested and a not in later],
        when_chosen=model.timing(when).label if when else "",
        when_suggested=model.timing(piece.facilitator_when).label,
        why=piece.facilitator_why,
        ahead=[name(a) for a in later if a in chosen],
        later=[name(a) for a in later if a not in chosen],
        condition=once.condition if once else "",
        once_why=once.why if once else "",
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
