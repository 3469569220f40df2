"""Coaching feedback: what was done well first, then one next improvement with an example.

No score and no pass or fail: the writing guide asks feedback to coach. The sentences
come from exercises/language_rules.yaml (`coaching` and `messages`), so a facilitator can
reword them.
"""

from __future__ import annotations

from olivia_training.domain.recording_drills.findings import CRITERION_LABELS, Review, kinds_label
from olivia_training.domain.recording_drills.rules import Compiled

# Which gap to coach first. Wording that blames the child always comes first, then a
# misnamed term ("Public Law Order").
PRIORITY = {
    "record": ("child_voice", "wishes_and_feelings", "fact_and_opinion", "analysis", "next_steps",
               "plain_language"),
    "child": ("plain_language", "fact_and_opinion", "child_voice", "wishes_and_feelings",
              "next_steps", "analysis"),
}
STRENGTH_ORDER = ("child_voice", "wishes_and_feelings", "analysis", "next_steps", "fact_and_opinion",
                  "plain_language")
MAX_STRENGTHS = 2
SUBSTANTIAL_WORDS = 40  # below this, "no jargon" or "no assumptions" is not yet an achievement


class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill(template: str, **values) -> str:
    """Fill {child}, {found}... in a coaching sentence; participant text is never parsed."""
    return " ".join(template.format_map(_Blank(values)).split())


def _snippet(text: str, start: int, end: int, review: Review, limit: int = 90) -> str:
    if any(p.start < end and start < p.end for p in review.personal_data):
        return ""
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= limit else piece[: limit - 1].rstrip() + "…"


def coach(text: str, review: Review, compiled: Compiled, *, child: str, audience: str,
          marked_opinion, steps: str) -> list[str]:
    model = compiled.model
    messages = model.messages
    words = len(text.split())
    criteria = review.criteria
    out: list[str] = []

    # 1. What was done well.
    strengths = []
    for name in STRENGTH_ORDER:
        if not criteria[name]:
            continue
        if name in ("fact_and_opinion", "plain_language") and words < SUBSTANTIAL_WORDS and not (
                name == "fact_and_opinion" and marked_opinion):
            continue
        sentence = fill(compiled.coaching(name).well, child=child)
        if name == "child_voice" and review.child_quotes:
            start, end = review.child_quotes[0]
            quote = _snippet(text, start, end, review)
            if quote:
                sentence += f" For example: {quote}"
        if name == "fact_and_opinion" and marked_opinion:
            sentence += (f' You marked your opinion ("{marked_opinion[0]}") and gave its '
                         "basis.")
        strengths.append(sentence)
        if len(strengths) == MAX_STRENGTHS:
            break
    out.extend(strengths or [fill(messages.opener, child=child)])

    # 2. One next improvement, with an example of better wording.
    gaps = [name for name in PRIORITY.get(audience, PRIORITY["record"]) if not criteria[name]]
    coached = None
    misnamed = [j for j in review.jargon if j.kind == "misnamed"]
    if review.language:
        f = review.language[0]
        out.append(f'Next: "{f.text}" {f.category}. {f.why} Try instead: {f.suggestion}.')
        coached = "language"
    elif misnamed:
        # A wrong name for a legal process is quick to put right, and a court will notice it.
        f = misnamed[0]
        out.append("Next: " + fill(messages.misnamed, found=f.text, correct=f.correct, why=f.why,
                                   child=child))
        coached = "plain_language"
    elif gaps:
        coached = gaps[0]
        out.append("Next: " + _improvement(coached, review, compiled, child, audience, steps))
    elif review.quoted_language:
        f = review.quoted_language[0]
        out.append("Next: " + fill(messages.quoted_language, found=f.text, suggestion=f.suggestion,
                                   child=child))
        coached = "quoted"
    else:
        out.append(fill(messages.all_met, child=child))

    # 3. What else to look at, briefly (no detail: one improvement at a time).
    rest = [CRITERION_LABELS[g] for g in gaps if g != coached]
    more_language = len(review.language) - (1 if coached == "language" else 0)
    if more_language > 0:
        rest.insert(0, f"the other flagged wording ({more_language})")
    if rest:
        out.append(fill(messages.also_look_at, items="; ".join(rest)))
    if review.quoted_language and coached != "quoted":
        f = review.quoted_language[0]
        out.append(fill(messages.quoted_language, found=f.text, suggestion=f.suggestion, child=child))

    # 4. Personal data: a warning, never the data itself.
    if review.personal_data:
        out.append(personal_data_message(review, compiled))
    return out


def personal_data_message(review: Review, compiled: Compiled | None = None) -> str:
    """The warning for text that looks like real personal data (it names kinds, not data)."""
    if compiled is None:
        from olivia_training.domain.recording_drills.rules import rules

        compiled = rules()
    return fill(compiled.model.messages.personal_data, kinds=kinds_label(review.personal_data))


def _improvement(name: str, review: Review, compiled: Compiled, child: str, audience: str,
                 steps: str) -> str:
    messages = compiled.model.messages
    coaching = compiled.coaching(name)
    to_child = audience == "child"
    found = meaning = ""
    if name == "fact_and_opinion" and review.assumptions:
        first = review.assumptions[0]
        found = first.text
        if first.kind == "unsupported_opinion":
            return fill(messages.unsupported_opinion, found=found, child=child)
    if name == "plain_language" and review.jargon:
        first = review.jargon[0]
        if first.kind == "misnamed":
            return fill(messages.misnamed, found=first.text, correct=first.correct, why=first.why,
                        child=child)
        found, meaning = first.text, first.meaning
    if name == "next_steps" and steps == "no_time":
        return fill(messages.next_steps_no_time, child=child)
    if name == "next_steps" and steps == "no_action":
        return fill(messages.next_steps_no_action, child=child)
    advice = (coaching.to_child_next if to_child and coaching.to_child_next else coaching.next)
    example = (coaching.to_child_example if to_child and coaching.to_child_example
               else coaching.example)
    sentence = fill(advice, child=child, found=found, meaning=meaning)
    if name == "fact_and_opinion" and review.assumptions and review.assumptions[0].suggestion:
        sentence += f" Or {review.assumptions[0].suggestion}."
    return f"{sentence} For example: {fill(example, child=child)}"
