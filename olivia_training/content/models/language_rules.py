"""exercises/language_rules.yaml: what the record review checks, as data a facilitator can edit.

Four kinds of rule, each written in the same small pattern syntax (below), never as a
regular expression, so a facilitator can add a phrase without learning regex and no rule
can make the review slow:

- `language`: wording that blames or adultifies the child or minimises abuse, with what to
  say instead and where the guidance comes from;
- `assumptions`, `opinion_markers`, `basis_markers`: opinion stated as fact, and opinion
  marked as opinion with its basis;
- `jargon`: acronyms and professional terms, with their meaning;
- `coaching`: the coaching sentences for each criterion.

Pattern syntax (case-insensitive unless a jargon entry says `case_sensitive: true`):

- words separated by spaces match words separated by any white space;
- `put|puts|putting` is one word slot with alternatives;
- `{self}` is any entry of the word class `self` (classes may hold phrases);
- `consent*` matches a word starting with `consent` (consented, consenting);
- a trailing `?` makes a word slot optional (`has|had? been`), except the first and last;
- a hyphen matches a hyphen, a space or nothing (`risk-taking`, `risk taking`, `risktaking`);
- an apostrophe matches a straight or a curly one.

Every word slot becomes a bounded, non-nested piece of a regular expression, so matching
is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from olivia_training.content.base import ContentModel, Id, Ref, Text

FILE = "language_rules.yaml"

CRITERIA = ("child_voice", "wishes_and_feelings", "fact_and_opinion", "analysis", "next_steps",
            "plain_language")
Criterion = Literal[CRITERIA]  # type: ignore[valid-type]

_WORD = re.compile(r"^[\w'’.\-]+\*?$")
_CLASS = re.compile(r"^\{([a-z0-9_]+)\}$")


class PatternError(ValueError):
    pass


def _literal(word: str, lower: bool = False) -> str:
    """One literal word or phrase: flexible white space, hyphens and apostrophes."""
    out = []
    for part in re.split(r"(\s+|-|['’])", word.strip().lower() if lower else word.strip()):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part == "-":
            out.append(r"[\s\-]?")
        elif part in ("'", "’"):
            out.append("['’]")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _slot(token: str, classes: Mapping[str, Sequence[str]], lower: bool) -> str:
    found = _CLASS.match(token)
    if found:
        name = found.group(1)
        if name not in classes:
            raise PatternError(f"unknown word class {{{name}}}")
        words = sorted(classes[name], key=len, reverse=True)  # longest first
        return "(?:" + "|".join(_literal(w, lower) for w in words) + ")"
    alternatives = []
    for alt in token.split("|"):
        if not alt or not _WORD.match(alt):
            raise PatternError(f"'{token}' is not a word, a|b|c, a word* or a {{class}}")
        if alt.endswith("*"):
            alternatives.append(_literal(alt[:-1], lower) + r"\w*")
        else:
            alternatives.append(_literal(alt, lower))
    alternatives.sort(key=len, reverse=True)
    return "(?:" + "|".join(alternatives) + ")"


def pattern_regex(pattern: str, classes: Mapping[str, Sequence[str]], *, lower: bool = False,
                  boundary: bool = True) -> str:
    """The regular expression for one pattern written in the syntax above.

    `lower=True` lower-cases the words, for matching against lower-cased text without
    re.IGNORECASE. `boundary=False` leaves out the leading "not inside a word" check, which
    the caller then makes itself: Python's regex engine skips ahead much faster through
    text when a pattern starts with plain letters.
    """
    tokens = pattern.split()
    if not tokens:
        raise PatternError("empty pattern")
    slots = []
    for i, token in enumerate(tokens):
        optional = len(token) > 1 and token.endswith("?")
        if optional:
            if i in (0, len(tokens) - 1):
                raise PatternError("the first and last words of a pattern cannot be optional")
            token = token[:-1]
        slots.append((_slot(token, classes, lower), optional))
    body = slots[0][0]
    for regex, optional in slots[1:]:
        body += rf"(?:\s+{regex})?" if optional else rf"\s+{regex}"
    return rf"(?<!\w){body}(?!\w)" if boundary else rf"{body}(?!\w)"


class WordClass(ContentModel):
    name: Id
    words: list[Text]


class SourceLabel(ContentModel):
    source: Annotated[str, Ref("sources")]
    label: Text


class LanguageRule(ContentModel):
    id: Id
    patterns: list[Text]
    category: Text
    suggestion: Text
    why: Text
    source: Annotated[str, Ref("sources")]
    # guide: the phrase is one of the guide's own examples or targets; pack: the pack's
    # own wording in the guide's spirit (facts file, section 3).
    origin: Literal["guide", "pack"]


class AssumptionRule(ContentModel):
    id: Id
    patterns: list[Text]
    suggestion: Text
    # Words after which the pattern does not count ("she spoke clearly" is an observation).
    not_after: list[Text] = []


class Jargon(ContentModel):
    id: Id
    term: Text
    patterns: list[Text] = []
    case_sensitive: bool = False
    meaning: Text
    # Other wordings that count as spelling the term out, besides `meaning`.
    explained_by: list[Text] = []

    def all_patterns(self) -> list[str]:
        return list(self.patterns) or [self.term]


class Coaching(ContentModel):
    criterion: Criterion
    well: Text
    next: Text
    example: Text
    # For a record written to the child ("write it to Olivia"), where the advice differs.
    to_child_next: str = ""
    to_child_example: str = ""


class Messages(ContentModel):
    empty: Text
    opener: Text
    all_met: Text
    also_look_at: Text
    personal_data: Text
    quoted_language: Text
    next_steps_no_time: Text
    next_steps_no_action: Text
    unsupported_opinion: Text


class Model(ContentModel):
    word_classes: list[WordClass]
    source_labels: list[SourceLabel]
    language: list[LanguageRule]
    assumptions: list[AssumptionRule]
    opinion_markers: list[Text]
    basis_markers: list[Text]
    jargon: list[Jargon]
    coaching: list[Coaching]
    messages: Messages

    def classes(self) -> dict[str, list[str]]:
        return {c.name: list(c.words) for c in self.word_classes}

    def source_label(self, source_id: str) -> str:
        for item in self.source_labels:
            if item.source == source_id:
                return item.label
        return source_id


def extra_checks(model: Model, get):
    seen: dict[str, int] = {}
    for i, word_class in enumerate(model.word_classes):
        if word_class.name in seen:
            yield ("word_classes", i, "name"), f"word class '{word_class.name}' is defined twice"
        seen[word_class.name] = i
    classes = model.classes()
    labelled = {s.source for s in model.source_labels}

    def check(loc, pattern):
        try:
            re.compile(pattern_regex(pattern, classes))
        except (PatternError, re.error) as exc:
            yield loc, f"pattern '{pattern}': {exc}"

    for i, rule in enumerate(model.language):
        for j, pattern in enumerate(rule.patterns):
            yield from check(("language", i, "patterns", j), pattern)
        if rule.source not in labelled:
            yield ("language", i, "source"), f"add a label for '{rule.source}' to source_labels"
    for i, rule in enumerate(model.assumptions):
        for j, pattern in enumerate(rule.patterns):
            yield from check(("assumptions", i, "patterns", j), pattern)
    for field in ("opinion_markers", "basis_markers"):
        for j, pattern in enumerate(getattr(model, field)):
            yield from check((field, j), pattern)
    for i, item in enumerate(model.jargon):
        for j, pattern in enumerate(item.all_patterns()):
            yield from check(("jargon", i, "patterns", j), pattern)
        for j, pattern in enumerate(item.explained_by):
            yield from check(("jargon", i, "explained_by", j), pattern)
    covered = [c.criterion for c in model.coaching]
    for criterion in CRITERIA:
        if covered.count(criterion) != 1:
            yield ("coaching",), f"give coaching for '{criterion}' exactly once"
