"""Review a record: six criteria, flagged wording, jargon, personal data, and coaching.

`review_record(text)` is pure: it reads the rules from exercises/language_rules.yaml and
returns a `Review` (the types are in findings.py). Offsets are Python string indices
(Unicode code points), so `text[start:end]` is always the flagged text.

Text in quotation marks is somebody's own words: the language, assumption and jargon
checks leave it alone, and the criteria about the writer's own analysis and plans ignore
it. A flagged phrase inside quotation marks gets a coaching note asking the writer to say
what it means in their own words (the writing guide: never call an abuser her boyfriend,
"except when quoting, and then the quote is discussed").

A language rule may need a context (exercises/language_rules.yaml): "agreed to meet" is
flagged when the men are near it, not when her social worker is. The context is looked for
in a window of a few words around the cue, inside its sentence, so each check is bounded
and the review stays linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from olivia_training.content.models.language_rules import CRITERIA
from olivia_training.domain.personal_data import find_personal_data
from olivia_training.domain.recording_drills.coaching import coach
from olivia_training.domain.recording_drills.cues import NOT_ACTORS, child_names, cues, is_account, mask_names
from olivia_training.domain.recording_drills.fastre import name_of
from olivia_training.domain.recording_drills.findings import (
    CRITERION_LABELS,
    AssumptionFinding,
    Audience,
    JargonFinding,
    LanguageFinding,
    Review,
)
from olivia_training.domain.recording_drills.rules import Compiled, Context, rules
from olivia_training.domain.recording_drills.text import Regions, Sentences, lowered, quotations, word_matches

__all__ = ["review_record", "Review", "LanguageFinding", "AssumptionFinding", "JargonFinding",
           "CRITERION_LABELS"]

# -- the review --------------------------------------------------------------------------------
_BRACKET_AFTER = re.compile(r"[ \t]{0,2}[(\[]")
_GAP_AFTER_QUOTE = re.compile(r"[\s,.!?\u2013\u2014-]{0,6}")
_WORD_BEFORE = re.compile(r"([\w'’]+)\s+$")
# A run of capitals: "MFH", "EHCP", "D/C", "PoP", "RoSH" (two capitals or more; see _acronyms).
_ACRONYM = re.compile(r"[A-Z][a-z&/]{0,2}[A-Z][A-Za-z&/]{0,5}(?![\w&/])")
_ASKED_BEFORE = re.compile(r"(?<!\w)(?:what|whether|if|how|why)\s+$")
_TITLE_AFTER = re.compile(r"\s+[A-Z][a-z]")
# Capitals that are ordinary words shouted, not acronyms.
_SHOUTED = frozenset({"NO", "NOT", "YES", "NEVER", "HELP", "STOP", "ALL", "AND", "THE", "OR", "ME",
                      "MY", "HE", "SHE", "WE", "IT", "IS", "WAS", "DO", "DON'T", "NOW", "BUT", "TO",
                      "OF", "IN", "ON", "AT", "GO", "SO", "IF", "AN", "AM", "PM", "BE", "US", "UP"})


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
    named = mask_names(low, child_names(text, child))  # for the cues that find the child

    language, quoted_language = _language(text, low, compiled, quoted, sentences)
    assumptions, marked_opinion = _assumptions(text, low, compiled, quoted, sentences)
    personal = find_personal_data(text)
    jargon = _jargon(text, low, compiled, quoted, Regions([(p.start, p.end) for p in personal]))

    child_quotes = _child_quotes(text, named, quotes, c)
    child_quote_set = set(child_quotes)
    flagged = Regions(sorted((f.start, f.end) for f in language))

    criteria = {
        "child_voice": bool(child_quotes),
        "wishes_and_feelings": _wishes(named, c, quoted, child_quote_set, child_quotes, sentences),
        "fact_and_opinion": not assumptions,
        # What it means for the child, or a professional opinion marked as such with its basis.
        "analysis": bool(marked_opinion) or any(
            m.start() not in quoted and m.start() not in flagged
            for m in word_matches(c.analysis, low)),
        "next_steps": False,
        "plain_language": not jargon,
    }
    steps = _next_steps(text, low, c, quoted, sentences)
    criteria["next_steps"] = steps == "complete"

    review = Review(criteria=criteria, language=language, assumptions=assumptions, jargon=jargon,
                    personal_data=personal, quoted_language=quoted_language,
                    child_quotes=child_quotes, audience=audience)
    feedback = coach(text, review, compiled, child=child, audience=audience,
                     marked_opinion=marked_opinion, steps=steps)
    return replace(review, feedback=feedback)


def _source_label(compiled: Compiled, rule) -> str:
    label = compiled.model.source_label(rule.source)
    return label if rule.origin == "guide" else f"This pack, following the {label}"


_TO_AFTER = re.compile(r"\s+to\s")
# A context is looked for within the cue's clause: "a trade she chose, and hides the adults".
_CLAUSE = re.compile(r"[;:\u2013\u2014]|,\s+(?:and|but|so|then|while|whereas|or)(?!\w)")


@lru_cache(maxsize=32)
def _words_regex(n: int) -> re.Pattern:
    return re.compile(rf"(?:\s*\S+){{0,{n}}}")


def _words_after(text: str, pos: int, n: int, ceiling: int) -> int:
    """Where the n words after `pos` end (never past `ceiling`)."""
    return _words_regex(n).match(text, pos, ceiling).end()


def _words_before(text: str, pos: int, n: int, floor: int) -> int:
    """Where the n words before `pos` start (never before `floor`)."""
    i = pos
    for _ in range(n):
        while i > floor and text[i - 1].isspace():
            i -= 1
        if i <= floor:
            return floor
        while i > floor and not text[i - 1].isspace():
            i -= 1
    return i


def _in_context(low: str, start: int, end: int, ctx: Context, sentences: Sentences) -> int | None:
    """Where the finding ends if a contextual rule's cue, at low[start:end], is in its context.

    The finding runs from the cue to the end of a context that follows it ("agreed to meet
    the men"), so the highlight shows why it was flagged; None when it is not in context.

    `unless` is looked for between the cue and its context, and just after the context: the
    noun it describes ("her 19-year-old cousin"), or what the person is wanted to do ("she
    wants the man to leave her alone"). For a rule with no context, in the window after it.
    """
    first, last = sentences.bounds(start)
    after = _words_after(low, end, ctx.words, last)
    clause_end = _CLAUSE.search(low, end, after)
    if clause_end is not None:
        after = clause_end.start()
    reach, finding_end = after, end
    if ctx.near is not None:
        hit = ctx.near.search(low, end, after)
        if hit is not None:
            to = _TO_AFTER.match(low, hit.end(), last)
            reach = _words_after(low, hit.end(), 3 if to else 1, last)
            finding_end = hit.end()
        elif ctx.around:
            before = _words_before(low, start, ctx.words, first)
            for clause_end in _CLAUSE.finditer(low, before, start):
                before = clause_end.end()
            hit = ctx.near.search(low, before, start)
            reach = _words_after(low, end, 1, last)
        if hit is None:
            return None
    if ctx.unless_before is not None and ctx.unless_before.search(
            low, _words_before(low, start, ctx.before_words, first), start):
        return None
    if ctx.unless is not None and ctx.unless.search(low, end, reach) is not None:
        return None
    return finding_end


def _language(text: str, low: str, compiled: Compiled, quoted: Regions, sentences: Sentences):
    candidates = [(m.start(), m.end(), int(name_of(m)[1:]))
                  for m in word_matches(compiled.language, low)]
    for m in word_matches(compiled.language_context, low):
        index = int(name_of(m)[1:])
        end = _in_context(low, m.start(), m.end(), compiled.contexts[index], sentences)
        if end is not None:
            candidates.append((m.start(), end, index))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    found, in_quotes = [], []
    reached = -1
    for start, end, index in candidates:
        if start < reached:
            continue  # overlaps a finding already made
        reached = end
        rule = compiled.model.language[index]
        finding = LanguageFinding(start, end, text[start:end], rule.category, rule.suggestion,
                                  _source_label(compiled, rule), rule.id, rule.why)
        (in_quotes if start in quoted else found).append(finding)
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


def _jargon(text: str, low: str, compiled: Compiled, quoted: Regions,
            personal: Regions) -> list[JargonFinding]:
    first: dict[str, re.Match] = {}
    listed: list[tuple[int, int]] = []
    for pattern, haystack in ((compiled.jargon_exact, text), (compiled.jargon_any_case, low)):
        for m in word_matches(pattern, haystack):
            listed.append(m.span())
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
    for m in word_matches(compiled.misnamed, low):
        if m.start() in quoted:
            continue
        item = compiled.model.misnamed[int(name_of(m)[1:])]
        found.append(JargonFinding(m.start(), m.end(), text[m.start():m.end()],
                                   f"the recognised term is the {item.correct}", kind="misnamed",
                                   correct=item.correct, why=item.why))
    found += _acronyms(text, compiled, quoted, personal, Regions(_merged(listed)))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _acronyms(text: str, compiled: Compiled, quoted: Regions, personal: Regions,
              listed: Regions) -> list[JargonFinding]:
    """Any other unexplained run of capitals, at its first use ("MFH", "EHCP", "PoP")."""
    done: set[str] = set()  # decided: flagged, explained, or not an acronym
    found = []
    for m in _ACRONYM.finditer(text):
        token, start = m.group(), m.start()
        if token in done or (start and (text[start - 1].isalnum() or text[start - 1] in "&/_")):
            continue
        key = token.upper()
        letters = [ch for ch in token if ch.isalpha()]
        if (sum(ch.isupper() for ch in letters) * 2 < len(letters)  # "McDonald", "TikTok"
                or key in _SHOUTED or key in compiled.plain_acronyms):
            done.add(token)
            continue
        if start in quoted or start in personal or start in listed:
            continue  # somebody's own words, personal data, or a listed term
        if _TITLE_AFTER.match(text, m.end()):
            continue  # a title before a name: "PC Ahmed"
        done.add(token)
        if (start and text[start - 1] == "(") or _BRACKET_AFTER.match(text, m.end()):
            continue  # being spelled out: "missing from home (MFH)", "MFH (missing from home)"
        found.append(JargonFinding(start, m.end(), token, compiled.model.unknown_acronym_meaning,
                                   kind="acronym"))
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


def _wishes(low, c, quoted: Regions, child_quote_set, child_quotes, sentences: Sentences) -> bool:
    for m in word_matches(c.child_feeling, low):
        inside = quoted.containing(m.start())
        if inside is not None and inside not in child_quote_set:
            continue  # somebody else's quoted words
        if inside is None and _reported_by_other(low, m.start(), c, sentences):
            continue  # "Mum told me she is happy": Mum's account, not the child's
        if _ASKED_BEFORE.search(low, max(0, m.start() - 12), m.start()):
            continue  # "to ask her what she wants": a question, not her answer
        return True
    return any(next(word_matches(c.feeling, low, start, end), None) for start, end in child_quotes)


def _reported_by_other(low: str, pos: int, c, sentences: Sentences) -> bool:
    """Is the last attribution before `pos`, in its sentence, by somebody other than the child?"""
    first, _ = sentences.bounds(pos)
    found = list(c.attribution.finditer(low, max(first, pos - 200), pos))
    return bool(found) and found[-1].group("other") is not None


def _next_steps(text, low, c, quoted: Regions, sentences: Sentences) -> str:
    """'complete' (who, what and when in one sentence), 'no_time', 'no_action' or 'none'."""
    times = {sentences.index(m.start()) for m in word_matches(c.time, low) if m.start() not in quoted}
    actions = set()
    for m in _actions(text, low, c):
        if m.start() in quoted:
            continue
        i = sentences.index(m.start())
        if i in times:
            return "complete"
        actions.add(i)
    if actions:
        return "no_time"
    if times:
        return "no_action"
    return "none"


def _actions(text: str, low: str, c):
    """Someone who will do something: "I will phone", "SW to visit", "she will decide"."""
    for m in word_matches(c.action, text):
        who = m.group().split()[0].lower()
        if who in NOT_ACTORS and not (who == "next" and " with " in m.group()):
            continue
        if is_account(m.group()):
            continue
        yield m
    yield from word_matches(c.pronoun_action, low)
