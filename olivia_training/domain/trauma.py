"""Trauma-informed practice: which principles a response touches, and coaching a rewrite.

Pure logic: no widget or IPython imports. The rewrite checks are deliberately simple and
explainable (they look for phrases, written in exercises/trauma.yaml), so the feedback
can always say exactly why it said what it said. They coach; they never score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HONOURS, BREAKS = "honours", "breaks"
MAX_NEXT_STEPS = 2


@dataclass(frozen=True)
class Coaching:
    """What was done well (always first), then at most two things to try next."""

    done_well: tuple[str, ...]
    next_steps: tuple[str, ...]

    def sentences(self) -> list[str]:
        return [*self.done_well, *self.next_steps]


# -- scenario cards -------------------------------------------------------------------------

def honours(response) -> list[str]:
    return [t.principle for t in response.touches if t.effect == HONOURS]


def breaks(response) -> list[str]:
    return [t.principle for t in response.touches if t.effect == BREAKS]


@dataclass(frozen=True)
class Point:
    principle: str
    name: str
    effect: str
    why: str


@dataclass(frozen=True)
class Debrief:
    """What one response honours and breaks, and why: shown after a participant chooses."""

    response_id: str
    letter: str
    text: str
    chosen: bool
    honours: tuple[Point, ...]
    breaks: tuple[Point, ...]


def letter(index: int) -> str:
    return "ABCDEFGH"[index]


def debrief(scenario, chosen: str | None, names: Mapping[str, str]) -> list[Debrief]:
    """Every response on a card, with the chosen one marked. Never says which is 'best'."""
    out = []
    for i, response in enumerate(scenario.responses):
        points = [Point(t.principle, names.get(t.principle, t.principle), t.effect, t.why)
                  for t in response.touches]
        out.append(Debrief(
            response.id, letter(i), response.text, response.id == chosen,
            tuple(p for p in points if p.effect == HONOURS),
            tuple(p for p in points if p.effect == BREAKS),
        ))
    return out


def _names(points: Sequence[Point]) -> str:
    labels = [p.name.lower() if p.name != p.name.upper() else p.name for p in points]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def choice_feedback(scenario, chosen: str, names: Mapping[str, str]) -> Coaching:
    """Coaching on a chosen response: what it honours first, then what to weigh."""
    items = {d.response_id: d for d in debrief(scenario, chosen, names)}
    if chosen not in items:
        raise KeyError(f"card '{scenario.id}' has no response '{chosen}'")
    mine = items[chosen]
    done: list[str] = []
    steps: list[str] = []
    if mine.honours:
        done.append(f"Your choice ({mine.letter}) honours {_names(mine.honours)}. "
                    f"{mine.honours[0].why}")
    else:
        done.append(f"You made a choice ({mine.letter}), so you have something concrete to test "
                    "against the principles.")
    for point in mine.breaks:
        steps.append(f"It may break {point.name.lower()}. {point.why}")
    if not steps:
        others = [d for d in items.values() if d.response_id != chosen and d.honours]
        extra = [p for d in others for p in d.honours
                 if p.principle not in {h.principle for h in mine.honours}]
        if extra:
            other = next(d for d in others if extra[0] in d.honours)
            steps.append(f"Response {other.letter} also honours {extra[0].name.lower()}: could "
                         "your response do that too?")
        else:
            steps.append("Ask how Olivia would hear it: what would she feel, and what would she "
                         "do next?")
    return Coaching(tuple(done), tuple(steps[:MAX_NEXT_STEPS]))


# -- the rewrite checks --------------------------------------------------------------------

def normalise(text: str) -> str:
    """Curly quotes to straight ones and runs of whitespace to one space."""
    text = (text.replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: str  # "look_for" or "avoid"
    label: str
    principles: tuple[str, ...]
    found: bool
    matched: str  # the participant's own words that the check found
    done_well: str
    tip: str

    @property
    def ok(self) -> bool:
        """True when the text does what the check asks (has it, or avoids it)."""
        return self.found if self.kind == "look_for" else not self.found


def run_checks(text: str, checks) -> list[CheckResult]:
    """Run every check on `text`. Each says what it found, in the participant's words."""
    plain = normalise(text)
    results = []
    for check in checks:
        matched = ""
        for pattern in check.patterns:
            match = re.search(pattern, plain, re.IGNORECASE)
            if match:
                matched = match.group(0)
                break
        results.append(CheckResult(check.id, check.kind, check.label, tuple(check.principles),
                                   bool(matched), matched, check.done_well, check.tip))
    return results


MIN_WORDS = 12


def rewrite_feedback(text: str, checks, poor_response: str = "") -> Coaching:
    """Coaching on a rewrite: what it does well first, then at most two things to try.

    An "avoid" check earns a "done well" line only when the poor response fell into it, so
    praise is always for a real change.
    """
    words = normalise(text).split()
    if not words:
        return Coaching((), ("Write your version first: say it as you would to Olivia.",))
    results = run_checks(text, checks)
    before = {r.id: r for r in run_checks(poor_response, checks)} if poor_response else {}
    done: list[str] = []
    steps: list[str] = []
    for r in results:
        if r.kind == "avoid" and r.found:
            steps.append(f'You wrote "{r.matched}". {r.tip}')
    for r in results:
        if r.kind == "look_for" and r.found:
            done.append(f'{r.done_well.rstrip(".")}: "{r.matched}".')
        elif r.kind == "avoid" and not r.found and (not before or before[r.id].found):
            done.append(r.done_well)
    for r in results:
        if r.kind == "look_for" and not r.found:
            steps.append(r.tip)
    if len(words) < MIN_WORDS:
        steps.insert(0, "Say a little more: Olivia needs to know what is happening, why, and "
                        "what part she can play in it.")
    if not done:
        done.append("You have started a rewrite in your own words, which is the hardest step.")
    if not steps:
        steps.append("Read it aloud as Olivia would hear it: does every sentence sound as if it "
                      "is for her?")
    return Coaching(tuple(done), tuple(steps[:MAX_NEXT_STEPS]))
