"""Sharing information about a risky adult: the feedback logic.

Pure functions over the content model (exercises/information_sharing.yaml); no widgets.
Feedback coaches (writing-guide.md): what the participant did well first, then what to
consider and why; never a score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


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
