"""What a review finds: the types shared by the review and its coaching.

`review.py` makes a `Review` and `coaching.py` turns one into feedback. Both import these
types from here, so review imports coaching and coaching never imports review: no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from olivia_training.content.models.language_rules import CRITERIA
from olivia_training.domain.personal_data import KIND_LABELS, PersonalData

Audience = Literal["record", "child"]

CRITERION_LABELS = {
    "child_voice": "the child's own words",
    "wishes_and_feelings": "wishes and feelings",
    "fact_and_opinion": "fact and opinion kept apart",
    "analysis": "what it means for the child",
    "next_steps": "next steps: who, what, by when",
    "plain_language": "plain language",
}


@dataclass(frozen=True)
class LanguageFinding:
    start: int
    end: int
    text: str
    category: str
    suggestion: str
    source: str
    rule: str = ""
    why: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "category": self.category,
                "suggestion": self.suggestion, "source": self.source}


@dataclass(frozen=True)
class AssumptionFinding:
    start: int
    end: int
    text: str
    suggestion: str = ""
    # "assumption": opinion written as fact; "unsupported_opinion": "in my view" with no basis.
    kind: str = "assumption"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class JargonFinding:
    start: int
    end: int
    text: str
    meaning: str
    # "jargon": a listed term; "acronym": any other unexplained run of capitals; "misnamed":
    # a term mixed up with another ("Public Law Order"), with the recognised one.
    kind: str = "jargon"
    correct: str = ""
    why: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "meaning": self.meaning}


@dataclass(frozen=True)
class Review:
    criteria: dict[str, bool]
    language: list[LanguageFinding] = field(default_factory=list)
    assumptions: list[AssumptionFinding] = field(default_factory=list)
    jargon: list[JargonFinding] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    # Not part of the JSON: what the widget needs to coach and highlight.
    quoted_language: list[LanguageFinding] = field(default_factory=list)
    child_quotes: list[tuple[int, int]] = field(default_factory=list)
    empty: bool = False
    audience: str = "record"

    def to_dict(self) -> dict:
        """Exactly the `review-record --json` shape; every key always present."""
        return {
            "criteria": {name: bool(self.criteria.get(name, False)) for name in CRITERIA},
            "language": [f.to_dict() for f in self.language],
            "assumptions": [f.to_dict() for f in self.assumptions],
            "jargon": [f.to_dict() for f in self.jargon],
            "personal_data": [p.to_dict() for p in self.personal_data],
            "feedback": list(self.feedback),
        }

    def summary(self) -> dict:
        """What may be stored or exported about a review: no flagged text, no personal data."""
        return {
            "criteria": {name: bool(self.criteria.get(name, False)) for name in CRITERIA},
            "language": len(self.language),
            "assumptions": len(self.assumptions),
            "jargon": len(self.jargon),
            "personal_data_kinds": sorted({p.kind for p in self.personal_data}),
        }

    def highlights(self) -> list[tuple[int, int, str]]:
        """(start, end, title) for every flagged span, for `html.mark_spans`."""
        spans = [(f.start, f.end, f"{f.category}: try {f.suggestion}") for f in self.language]
        spans += [(f.start, f.end, f"Opinion or assumption: {f.suggestion}") for f in self.assumptions]
        spans += [(f.start, f.end, f"Use the recognised term: {f.correct}" if f.kind == "misnamed"
                   else f"Spell out: {f.meaning}") for f in self.jargon]
        spans += [(p.start, p.end, f"Looks like {p.label}: use only the training case")
                  for p in self.personal_data]
        return sorted(spans)


def kinds_label(personal: list[PersonalData]) -> str:
    kinds = sorted({p.kind for p in personal}, key=list(KIND_LABELS).index)
    labels = [KIND_LABELS[k] for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
