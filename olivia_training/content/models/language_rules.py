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
- `choose~` is every form of a word: choose, chooses, chose, chosen, choosing (the forms come
  from the lemminflect lexicon, so the rules name categories, not inflected phrases);
- `{self}` is any entry of the word class `self` (an entry is itself a pattern, without classes),
  and may be one of a slot's alternatives (`{self}|her`);
- `consent*` matches a word starting with `consent` (consented, consenting); `*` alone is any word;
- `#18..99` is a whole number from 18 to 99 (`#18..99-year-old` matches "24-year-old");
- `...` stands for up to three words (not first or last): `put~ {self} ... risk`;
- a trailing `?` makes a word slot optional (`has|had? been`), except the first and last;
- a hyphen matches a hyphen, a space or nothing (`risk-taking`, `risk taking`, `risktaking`);
- an apostrophe matches a straight or a curly one.

A language rule may also need a context, so that it flags a word only where it blames or
sexualises a child ("she agreed to meet the men" but not "she agreed to meet her social
worker"): `context` (one of these must be near: within `context_words` words, after the cue or
on either side, in the same sentence), `unless` (none of these may follow within that window)
and `unless_before` (none of these may come in the `before_words` words before it).

Every word slot becomes a bounded, non-nested piece of a regular expression, so matching
is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field

from olivia_training.content.base import ContentModel, Id, Ref, Text

FILE = "language_rules.yaml"

CRITERIA = ("child_voice", "wishes_and_feelings", "fact_and_opinion", "analysis", "next_steps",
            "plain_language")
Criterion = Literal[CRITERIA]  # type: ignore[valid-type]

_WORD = re.compile(r"^(?:[\w'’.\-/&,():#]+[*~]?|\*)$")
_CLASS = re.compile(r"^\{([a-z0-9_]+)\}$")
_NUMBERS = re.compile(r"#(\d{1,3})\.\.(\d{1,3})")
_ANY_WORD = r"[\w'’\-]+"
GAP = "..."
GAP_REGEX = r"(?:\S+\s+){0,3}?"


class PatternError(ValueError):
    pass


@lru_cache(maxsize=4096)
def inflections(word: str) -> tuple[str, ...]:
    """Every form of `word` (its lemma's inflections), longest first, from lemminflect.

    lemminflect ships its lexicon in its wheel, so this works offline. A word it does not know
    falls back to its rules for regular verbs and nouns.
    """
    from lemminflect import getAllInflections, getAllInflectionsOOV

    forms = {word}
    for values in getAllInflections(word).values():
        forms.update(values)
    if len(forms) == 1:
        for upos in ("VERB", "NOUN"):
            for values in getAllInflectionsOOV(word, upos).values():
                forms.update(values)
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _number_range(low: int, high: int) -> str:
    if low > high:
        raise PatternError(f"#{low}..{high} is an empty range")
    return "(?:" + "|".join(str(n) for n in range(high, low - 1, -1)) + ")"


def _piece(part: str) -> str:
    """One run of word characters, with any `#a..b` number ranges in it."""
    out, pos = [], 0
    for m in _NUMBERS.finditer(part):
        out.append(re.escape(part[pos:m.start()]))
        out.append(_number_range(int(m.group(1)), int(m.group(2))))
        pos = m.end()
    out.append(re.escape(part[pos:]))
    return "".join(out)


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
            out.append(_piece(part))
    return "".join(out)


def _alternative(alt: str, token: str, lower: bool) -> str:
    if not alt or not _WORD.match(alt):
        raise PatternError(f"'{token}' is not a word, a|b|c, a word*, a word~ or a {{class}}")
    if alt == "*":
        return _ANY_WORD
    if alt.endswith("*"):
        return _literal(alt[:-1], lower) + r"\w*"
    if alt.endswith("~"):
        forms = inflections(alt[:-1].lower() if lower else alt[:-1])
        return "(?:" + "|".join(_literal(f, lower) for f in forms) + ")"
    return _literal(alt, lower)


def _class(name: str, classes: Mapping[str, Sequence[str]] | None, lower: bool) -> str:
    if classes is None:
        raise PatternError(f"a word class entry cannot use another class ({{{name}}})")
    if name not in classes:
        raise PatternError(f"unknown word class {{{name}}}")
    entries = sorted(classes[name], key=len, reverse=True)  # longest first
    return "(?:" + "|".join(_sequence(e, None, lower) for e in entries) + ")"


_PLAIN = re.compile(r"^[A-Za-z0-9]+$")


def _trie(words: list[str]) -> str:
    """Plain words as a prefix tree: `choose|chose|chosen` -> `cho(?:ose|se(?:n)?)`.

    The regex engine then tests a few letters at each word instead of every form in turn
    (the forms of a lemma share their first letters). Longer words come first at each
    branch, as in the plain alternation.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = []
        for ch, child in node.items():
            if ch == "":
                continue
            body = ch + render(child)
            branches.append(body)
        branches.sort(key=len, reverse=True)
        if "" in node:
            return "(?:" + "|".join(branches) + ")?" if branches else ""
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return render(tree)


def _slot(token: str, classes: Mapping[str, Sequence[str]] | None, lower: bool) -> str:
    """One word slot: alternatives separated by |, each a word, word*, word~ or {class}."""
    alternatives, plain = [], []
    for alt in token.split("|"):
        found = _CLASS.match(alt)
        if found:
            alternatives.append(_class(found.group(1), classes, lower))
        elif alt.endswith("~") and _PLAIN.match(alt[:-1]):
            forms = inflections(alt[:-1].lower() if lower else alt[:-1])
            if all(_PLAIN.match(f) for f in forms):
                plain.extend(forms)
            else:
                alternatives.append(_alternative(alt, token, lower))
        elif _PLAIN.match(alt):
            plain.append(alt.lower() if lower else alt)
        else:
            alternatives.append(_alternative(alt, token, lower))
    if plain and not alternatives:
        return "(?:" + _trie(sorted(set(plain))) + ")"
    # Mixed with other kinds of alternative: longest first, so "harm's" is tried before "harm".
    alternatives += [_literal(w, lower) for w in plain]
    alternatives.sort(key=len, reverse=True)
    return "(?:" + "|".join(alternatives) + ")"


def _sequence(pattern: str, classes: Mapping[str, Sequence[str]] | None, lower: bool) -> str:
    tokens = pattern.split()
    if not tokens:
        raise PatternError("empty pattern")
    body = ""
    for i, token in enumerate(tokens):
        edge = i in (0, len(tokens) - 1)
        if token == GAP:
            if edge:
                raise PatternError("a pattern cannot start or end with ...")
            body += r"\s+" + GAP_REGEX
            continue
        optional = len(token) > 1 and token.endswith("?")
        if optional:
            if edge:
                raise PatternError("the first and last words of a pattern cannot be optional")
            token = token[:-1]
        regex = _slot(token, classes, lower)
        if i == 0:
            body = regex
        elif tokens[i - 1] == GAP:
            body += rf"(?:{regex})" if not optional else rf"(?:{regex}\s+)?"
        else:
            body += rf"(?:\s+{regex})?" if optional else rf"\s+{regex}"
    return body


def pattern_regex(pattern: str, classes: Mapping[str, Sequence[str]], *, lower: bool = False,
                  boundary: bool = True) -> str:
    """The regular expression for one pattern written in the syntax above.

    `lower=True` lower-cases the words, for matching against lower-cased text without
    re.IGNORECASE. `boundary=False` leaves out the leading "not inside a word" check, which
    the caller then makes itself: Python's regex engine skips ahead much faster through
    text when a pattern starts with plain letters.
    """
    body = _sequence(pattern, classes, lower)
    tokens = pattern.split()
    # Not inside a word: a match that starts with a letter may not follow one (a match that
    # starts with punctuation, such as ", 26", may).
    start = r"(?:(?<!\w)|(?!\w))" if boundary else ""
    end = r"(?!\w)" if re.search(r"[\w*~}]$", tokens[-1]) else ""
    return f"{start}{body}{end}"


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
    # Optional: flag the cue only in this context (see the module docstring). Rules without
    # them flag the cue wherever it is written (outside quotation marks).
    context: list[Text] = []
    context_side: Literal["after", "around"] = "after"
    context_words: int = Field(10, ge=1, le=30)
    unless: list[Text] = []
    unless_before: list[Text] = []
    before_words: int = Field(3, ge=1, le=10)

    def context_patterns(self) -> list[str]:
        return [*self.context, *self.unless, *self.unless_before]


class Misnamed(ContentModel):
    """A term that is often misremembered, with the recognised one ("Public Law Order")."""

    id: Id
    patterns: list[Text]
    correct: Text
    why: Text


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
    # Added later: defaults keep a partnership's older copy of the file valid.
    misnamed: str = (
        '"{found}" is easy to mix up: the recognised term is the {correct} ({why}). Use that '
        "name, so that other agencies and a court know exactly what you mean."
    )


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
    # Terms often misremembered, coached to the recognised name (optional for older copies).
    misnamed: list[Misnamed] = []
    # Any other run of capitals ("MFH", "EHCP") is an acronym to spell out, except these,
    # which readers outside the professions know (optional for older copies).
    plain_acronyms: list[Text] = []
    unknown_acronym_meaning: str = (
        "an abbreviation that other agencies, a court or the child may not know"
    )

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

    # Building a pattern's regex is enough to check it: every word in it is escaped, so the
    # result always compiles (compiling each one here would double the review's start-up).
    def check(loc, pattern):
        try:
            pattern_regex(pattern, classes)
        except PatternError as exc:
            yield loc, f"pattern '{pattern}': {exc}"

    for i, word_class in enumerate(model.word_classes):
        for j, entry in enumerate(word_class.words):
            try:
                _sequence(entry, None, False)
            except PatternError as exc:
                yield ("word_classes", i, "words", j), f"'{entry}': {exc}"
    for i, rule in enumerate(model.language):
        for j, pattern in enumerate(rule.patterns):
            yield from check(("language", i, "patterns", j), pattern)
        for field in ("context", "unless", "unless_before"):
            for j, pattern in enumerate(getattr(rule, field)):
                yield from check(("language", i, field, j), pattern)
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
    for i, item in enumerate(model.misnamed):
        for j, pattern in enumerate(item.patterns):
            yield from check(("misnamed", i, "patterns", j), pattern)
    covered = [c.criterion for c in model.coaching]
    for criterion in CRITERIA:
        if covered.count(criterion) != 1:
            yield ("coaching",), f"give coaching for '{criterion}' exactly once"
