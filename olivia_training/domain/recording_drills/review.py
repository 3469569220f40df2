"""Review a record: six criteria, flagged wording, jargon, personal data, and coaching.

`review_record(text)` is pure: it reads the rules from exercises/language_rules.yaml and
returns a `Review`. Offsets are Python string indices (Unicode code points), so
`text[start:end]` is always the flagged text.

Text in quotation marks is somebody's own words: the language, assumption and jargon
checks leave it alone, and the criteria about the writer's own analysis and plans ignore
it. A flagged phrase inside quotation marks gets a coaching note asking the writer to say
what it means in their own words (the writing guide: never call an abuser her boyfriend,
"except when quoting, and then the quote is discussed").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from olivia_training.content.models.language_rules import CRITERIA
from olivia_training.domain.personal_data import KIND_LABELS, PersonalData, find_personal_data
from olivia_training.domain.recording_drills.cues import NOT_ACTORS, cues
from olivia_training.domain.recording_drills.fastre import name_of
from olivia_training.domain.recording_drills.rules import Compiled, rules
from olivia_training.domain.recording_drills.text import Regions, Sentences, lowered, quotations, word_matches

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
        spans += [(f.start, f.end, f"Spell out: {f.meaning}") for f in self.jargon]
        spans += [(p.start, p.end, f"Looks like {p.label}: use only the training case")
                  for p in self.personal_data]
        return sorted(spans)


# -- the review --------------------------------------------------------------------------------
_BRACKET_AFTER = re.compile(r"[ \t]{0,2}[(\[]")
_GAP_AFTER_QUOTE = re.compile(r"[\s,.!?\u2013\u2014-]{0,6}")
_WORD_BEFORE = re.compile(r"([\w'’]+)\s+$")


def review_record(text: str, *, child: str = "Olivia", audience: Audience = "record",
                  content: str | Path | None = None) -> Review:
    """Review one record. `audience="child"` coaches a record written to the child herself."""
    compiled = rules(content)
    if not isinstance(text, str):
        raise TypeError("review_record needs text (a str)")
    if not text.strip():
        return Review(criteria=dict.fromkeys(CRITERIA, False),
                      feedback=[compiled.model.messages.empty], empty=True, audience=audience)

    low = lowered(text)
    quotes = quotations(text)
    quoted = Regions(quotes)
    sentences = Sentences.of(text)
    c = cues(child, audience)

    language, quoted_language = _language(text, low, compiled, quoted)
    assumptions, marked_opinion = _assumptions(text, low, compiled, quoted, sentences)
    jargon = _jargon(text, low, compiled, quoted)
    personal = find_personal_data(text)

    child_quotes = _child_quotes(text, low, quotes, c)
    child_quote_set = set(child_quotes)
    flagged = Regions(sorted((f.start, f.end) for f in language))

    criteria = {
        "child_voice": bool(child_quotes),
        "wishes_and_feelings": _wishes(low, c, quoted, child_quote_set, child_quotes),
        "fact_and_opinion": not assumptions,
        "analysis": any(m.start() not in quoted and m.start() not in flagged
                        for m in word_matches(c.analysis, low)),
        "next_steps": False,
        "plain_language": not jargon,
    }
    steps = _next_steps(text, low, c, quoted, sentences)
    criteria["next_steps"] = steps == "complete"

    review = Review(criteria=criteria, language=language, assumptions=assumptions, jargon=jargon,
                    personal_data=personal, quoted_language=quoted_language,
                    child_quotes=child_quotes, audience=audience)
    from olivia_training.domain.recording_drills.coaching import coach

    feedback = coach(text, review, compiled, child=child, audience=audience,
                     marked_opinion=marked_opinion, steps=steps)
    return replace(review, feedback=feedback)


def _source_label(compiled: Compiled, rule) -> str:
    label = compiled.model.source_label(rule.source)
    return label if rule.origin == "guide" else f"This pack, following the {label}"


def _language(text: str, low: str, compiled: Compiled, quoted: Regions):
    found, in_quotes = [], []
    for m in word_matches(compiled.language, low):
        rule = compiled.model.language[int(name_of(m)[1:])]
        finding = LanguageFinding(m.start(), m.end(), text[m.start():m.end()], rule.category,
                                  rule.suggestion,
                                  _source_label(compiled, rule), rule.id, rule.why)
        (in_quotes if m.start() in quoted else found).append(finding)
    return found, in_quotes


def _assumptions(text: str, low: str, compiled: Compiled, quoted: Regions, sentences: Sentences):
    opinions: dict[int, tuple[int, int]] = {}
    for m in word_matches(compiled.opinion, low):
        if m.start() not in quoted:
            opinions.setdefault(sentences.index(m.start()), m.span())
    basis = {sentences.index(m.start()) for m in word_matches(compiled.basis, low)}

    def has_basis(i: int) -> bool:
        return i in basis or i + 1 in basis

    found: list[AssumptionFinding] = []
    for m in word_matches(compiled.assumptions, low):
        if m.start() in quoted:
            continue
        rule = compiled.model.assumptions[int(name_of(m)[1:])]
        skip_after = compiled.not_after[rule.id]
        if skip_after:
            before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if before and before.group(1).lower() in skip_after:
                continue
        i = sentences.index(m.start())
        if i in opinions and has_basis(i):
            continue  # opinion marked as opinion, with its basis
        found.append(AssumptionFinding(m.start(), m.end(), text[m.start():m.end()], rule.suggestion))
    marked = []
    for i, (start, end) in opinions.items():
        if has_basis(i):
            marked.append(text[start:end])
        else:
            found.append(AssumptionFinding(start, end, text[start:end],
                                           "give the basis for your view: \"..., because ...\"",
                                           kind="unsupported_opinion"))
    found.sort(key=lambda f: (f.start, f.end))
    return found, marked


def _jargon(text: str, low: str, compiled: Compiled, quoted: Regions) -> list[JargonFinding]:
    first: dict[str, re.Match] = {}
    for pattern, haystack in ((compiled.jargon_exact, text), (compiled.jargon_any_case, low)):
        for m in word_matches(pattern, haystack):
            if m.start() in quoted:
                continue
            item = compiled.jargon_by_group[name_of(m)]
            if item.id not in first or m.start() < first[item.id].start():
                first[item.id] = m
    found = []
    by_id = {j.id: j for j in compiled.model.jargon}
    for item_id, m in first.items():
        if _BRACKET_AFTER.match(text, m.end()):
            continue  # explained straight after: "CIN (Child in Need)"
        if compiled.explanations[item_id].search(text, 0, m.start()):
            continue  # spelled out before: "Child in Need (CIN)"
        found.append(JargonFinding(m.start(), m.end(), text[m.start():m.end()],
                                   by_id[item_id].meaning))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _child_quotes(text: str, low: str, quotes: list[tuple[int, int]], c) -> list[tuple[int, int]]:
    """The quotations attributed to the child, before ("Olivia said, '...'") or after."""
    if not quotes:
        return []
    before = [m.span() for m in word_matches(c.speaker_before, low)]
    before_ends = [e for _, e in before]
    after_starts = [m.start() for m in word_matches(c.speaker_after, low)]
    barriers = [m.start() for m in c.barrier.finditer(text)]
    found = []
    for start, end in quotes:
        if not any(ch.isalpha() for ch in text[start:min(end, start + 200)]):
            continue
        if _attributed_before(start, before, before_ends, barriers) or _attributed_after(
                text, end, after_starts):
            found.append((start, end))
    return found


def _attributed_before(start, before, before_ends, barriers) -> bool:
    i = bisect_right(before_ends, start) - 1
    if i < 0:
        return False
    _, attr_end = before[i]
    if start - attr_end > 80:
        return False
    # No sentence end, line break or other quotation between the attribution and this quote.
    j = bisect_left(barriers, start) - 1
    return j < 0 or barriers[j] < attr_end


def _attributed_after(text, end, after_starts) -> bool:
    i = bisect_left(after_starts, end)
    if i >= len(after_starts):
        return False
    gap = _GAP_AFTER_QUOTE.fullmatch(text, end, after_starts[i])
    return gap is not None


def _wishes(low, c, quoted: Regions, child_quote_set, child_quotes) -> bool:
    for m in word_matches(c.child_feeling, low):
        inside = quoted.containing(m.start())
        if inside is None or inside in child_quote_set:
            return True
    return any(next(word_matches(c.feeling, low, start, end), None) for start, end in child_quotes)


def _next_steps(text, low, c, quoted: Regions, sentences: Sentences) -> str:
    """'complete' (who, what and when in one sentence), 'no_time', 'no_action' or 'none'."""
    actions = set()
    for m in word_matches(c.action, text):
        if m.start() in quoted:
            continue
        who = m.group().split()[0].lower()
        if who in NOT_ACTORS:
            continue
        actions.add(sentences.index(m.start()))
    times = {sentences.index(m.start()) for m in word_matches(c.time, low) if m.start() not in quoted}
    if actions & times:
        return "complete"
    if actions:
        return "no_time"
    if times:
        return "no_action"
    return "none"


def kinds_label(personal: list[PersonalData]) -> str:
    kinds = sorted({p.kind for p in personal}, key=list(KIND_LABELS).index)
    labels = [KIND_LABELS[k] for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
