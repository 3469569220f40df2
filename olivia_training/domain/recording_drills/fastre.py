"""Make a big alternation fast in Python's regex engine, without changing what it matches.

At each position the engine tries the alternatives of a `a|b|c` one by one. When every
alternative starts with a plain character, it first skips positions whose character
cannot start any of them, and rejects an alternative on its first character cheaply. So:

1. `flatten`: distribute a leading group, `(?:she|olivia) said` -> `she said|olivia said`;
2. `factor`: group the alternatives by first character, `s(?:he said|ays)|o(?:livia said)`.

For the same text this cuts a scan's time by about half or more (measured on the pack's
language rules). Only the first character is factored, and the alternatives keep their
order within each first character, so which alternative wins at a position is unchanged
(two alternatives with different first characters can never match at the same position).
"""

from __future__ import annotations

import re

_PLAIN_FIRST = re.compile(r"[A-Za-z0-9]")
_QUANTIFIER = "?*+{"


def split_top(regex: str) -> list[str]:
    """The top-level alternatives of `regex` (splits at `|` outside groups and classes)."""
    out, current = [], []
    depth, in_class, i = 0, False, 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            current.append(regex[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    out.append("".join(current))
    return out


def _group_end(regex: str, start: int) -> int:
    """Index of the `)` closing the group that opens at `start`."""
    depth, in_class, i = 0, False, start
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def flatten(alternative: str, depth: int = 3, limit: int = 400) -> list[str]:
    """`(?:a|b)rest` -> [`arest`, `brest`], recursively, when it is safe to distribute."""
    if depth == 0 or not alternative.startswith("(?:"):
        return [alternative]
    end = _group_end(alternative, 0)
    rest = alternative[end + 1:]
    if rest[:1] and rest[0] in _QUANTIFIER:
        return [alternative]  # (?:a|b)? cannot be distributed
    inner = split_top(alternative[3:end])
    if len(inner) > limit:
        return [alternative]
    out: list[str] = []
    for part in inner:
        out.extend(flatten(part + rest, depth - 1, limit))
    return out


def factor(alternatives: list[str]) -> str:
    """Group alternatives by their first character (order kept within each character)."""
    buckets: dict[str, list[str]] = {}
    others: list[str] = []
    for alt in alternatives:
        if alt and _PLAIN_FIRST.match(alt) and not (alt[1:2] and alt[1] in _QUANTIFIER):
            buckets.setdefault(alt[0], []).append(alt[1:])
        else:
            others.append(alt)
    parts = []
    for first, tails in buckets.items():
        if len(tails) == 1:
            parts.append(first + tails[0])
        else:
            parts.append(first + "(?:" + "|".join(tails) + ")")
    return "|".join(parts + others)


def fast(regex: str) -> str:
    """`regex`, rewritten so that the engine can skip quickly through text."""
    alternatives: list[str] = []
    for alt in split_top(regex):
        alternatives.extend(flatten(alt))
    return factor(alternatives)


def fast_grouped(items: list[tuple[str, str]]) -> re.Pattern:
    """One pattern for several named regexes; `name_of(match)` says which one matched.

    Each alternative ends with an empty named group (`(?P<r3_0>)`): a group at the start
    would hide the first characters from the engine's skip.
    """
    alternatives: list[str] = []
    for name, regex in items:
        for j, alt in enumerate(a for part in split_top(regex) for a in flatten(part)):
            alternatives.append(f"{alt}(?P<{name}_{j}>)")
    return re.compile(factor(alternatives) or r"(?!x)x")


def name_of(match: re.Match) -> str:
    return match.lastgroup.rsplit("_", 1)[0]
