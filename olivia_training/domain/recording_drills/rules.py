"""The review's rules, compiled once from exercises/language_rules.yaml.

Each list of rules becomes one regular expression with a named group per rule, so the
text is scanned once per list, not once per phrase. Every piece comes from the content's
small pattern syntax (bounded, non-nested), so each scan is linear in the text's length.

The patterns are lower-cased and run on lower-cased text (`text.lowered`) instead of
using re.IGNORECASE, and leave the "starts a word" check to `text.word_matches`: both
let Python's engine skip quickly through text (about five times faster, measured), as
does `fastre`, which factors each alternation by its first letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from olivia_training.content import load
from olivia_training.content.models.language_rules import FILE, Jargon, Model, pattern_regex
from olivia_training.domain.recording_drills.fastre import fast, fast_grouped
from olivia_training.paths import content_dir


@dataclass(frozen=True)
class Context:
    """What a contextual language rule needs around its cue (see content.models.language_rules)."""

    near: re.Pattern | None
    around: bool
    words: int
    unless: re.Pattern | None
    unless_before: re.Pattern | None
    before_words: int


@dataclass(frozen=True)
class Compiled:
    model: Model
    language: re.Pattern  # rules that flag their cue anywhere: groups "r<index>"
    language_context: re.Pattern  # rules that need a context: groups "c<index>"
    contexts: dict[int, Context]
    assumptions: re.Pattern
    opinion: re.Pattern
    basis: re.Pattern
    jargon_exact: re.Pattern
    jargon_any_case: re.Pattern
    jargon_by_group: dict[str, Jargon]
    explanations: dict[str, re.Pattern]
    not_after: dict[str, frozenset[str]]
    misnamed: re.Pattern
    plain_acronyms: frozenset[str]

    def coaching(self, criterion: str):
        return next(c for c in self.model.coaching if c.criterion == criterion)


def _grouped(items, patterns_of, classes, prefix: str, lower: bool = True) -> re.Pattern:
    """One regex for a list of rules; `fastre.name_of(m)` is "<prefix><index>".

    For lower-cased text (unless lower=False); the caller checks that a match starts a word.
    """
    return fast_grouped([
        (f"{prefix}{i}", "|".join(pattern_regex(p, classes, lower=lower, boundary=False)
                                  for p in patterns_of(item)))
        for i, item in enumerate(items)
    ])


def _indexed(rules_by_index, classes, prefix: str) -> re.Pattern:
    """Like `_grouped`, but each group is named by the rule's index in the whole list."""
    return fast_grouped([
        (f"{prefix}{i}", "|".join(pattern_regex(p, classes, lower=True, boundary=False)
                                  for p in rule.patterns))
        for i, rule in rules_by_index
    ])


def _any(patterns, classes) -> re.Pattern:
    body = "|".join(pattern_regex(p, classes, lower=True, boundary=False) for p in patterns)
    return re.compile(fast(body) if body else r"(?!x)x")


def _near(patterns, classes) -> re.Pattern | None:
    """Patterns searched inside a short window (with their own word-boundary check)."""
    if not patterns:
        return None
    return re.compile("|".join(pattern_regex(p, classes, lower=True) for p in patterns))


def _context(rule, classes) -> Context:
    return Context(_near(rule.context, classes), rule.context_side == "around", rule.context_words,
                   _near(rule.unless, classes), _near(rule.unless_before, classes), rule.before_words)


def compile_rules(model: Model) -> Compiled:
    classes = model.classes()
    exact = [j for j in model.jargon if j.case_sensitive]
    any_case = [j for j in model.jargon if not j.case_sensitive]
    by_group = {f"e{i}": j for i, j in enumerate(exact)}
    by_group.update({f"a{i}": j for i, j in enumerate(any_case)})
    explanations = {}
    for item in model.jargon:
        # The meaning is matched as written, with flexible white space and hyphens.
        wordings = [pattern_regex_phrase(item.meaning)]
        wordings += [pattern_regex(p, classes) for p in item.explained_by]
        explanations[item.id] = re.compile("|".join(wordings), re.IGNORECASE)
    plain = [(i, r) for i, r in enumerate(model.language) if not r.context_patterns()]
    contextual = [(i, r) for i, r in enumerate(model.language) if r.context_patterns()]
    return Compiled(
        model=model,
        language=_indexed(plain, classes, "r"),
        language_context=_indexed(contextual, classes, "c"),
        contexts={i: _context(r, classes) for i, r in contextual},
        assumptions=_grouped(model.assumptions, lambda r: r.patterns, classes, "r"),
        opinion=_any(model.opinion_markers, classes),
        basis=_any(model.basis_markers, classes),
        # Acronyms run on the original text, case and all; the rest on lower-cased text.
        jargon_exact=_grouped(exact, Jargon.all_patterns, classes, "e", lower=False),
        jargon_any_case=_grouped(any_case, Jargon.all_patterns, classes, "a"),
        jargon_by_group=by_group,
        explanations=explanations,
        not_after={r.id: frozenset(w.lower() for w in r.not_after) for r in model.assumptions},
        misnamed=_grouped(model.misnamed, lambda r: r.patterns, classes, "m"),
        plain_acronyms=frozenset(a.upper() for a in model.plain_acronyms),
    )


def pattern_regex_phrase(phrase: str) -> str:
    """A phrase matched as written: words in order, any white space, flexible hyphens."""
    words = [re.escape(w).replace(r"\-", r"[\s\-]?") for w in phrase.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


_cache: dict[tuple, Compiled] = {}


def rules(content: str | Path | None = None) -> Compiled:
    """The compiled rules for the current content, recompiled when the file changes.

    `content.load` re-runs every content check on each call (several milliseconds), so the
    compiled rules are kept per file version and `load` runs only when the file changes.
    """
    path = content_dir(content) / FILE
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _cache:
        return _cache[key]
    found = compile_rules(load("language_rules", content))
    if key is not None:
        _cache.clear()
        _cache[key] = found
    return found
