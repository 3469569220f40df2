"""Spot text that looks like real personal data, so the pack can warn about it.

The training uses one case only: Olivia, under a pseudonym, plus the illustrative details
the pack adds. A participant who types something shaped like an NHS number, a National
Insurance number, a postcode, a phone number, an email address or a date of birth gets a
warning that only the training case may be used.

Matching is on *format alone*. Test and fictional ranges (QQ National Insurance prefixes,
Ofcom's drama numbers, example.com) are deliberately not excluded: a participant typing
one of them is still typing something shaped like real data. The one check beyond format
is the NHS number's modulus-11 check digit, which is part of its format.

Every pattern is linear in the length of the text: quantifiers are bounded, or each
repeated part starts with a character the part before it cannot match, and the one open
run (an email's local part) may only start where a run starts. No nested unbounded
repetition, so no catastrophic backtracking.

Pure logic: no widget or IPython imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PersonalData", "find_personal_data", "KINDS", "KIND_LABELS", "nhs_check_digit_ok"]

KINDS = ("nhs_number", "ni_number", "postcode", "phone", "email", "date_of_birth")

KIND_LABELS = {
    "nhs_number": "an NHS number",
    "ni_number": "a National Insurance number",
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an email address",
    "date_of_birth": "a date of birth",
}


@dataclass(frozen=True, order=True)
class PersonalData:
    """One stretch of text that looks like personal data: `text[start:end]`, of `kind`."""

    start: int
    end: int
    kind: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind}


# -- NHS number: 10 digits as 3-3-4 (spaces or hyphens optional), valid check digit ------
_NHS = re.compile(r"(?<![0-9])[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?![0-9])")


def nhs_check_digit_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 means 0, 10 means invalid."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# -- National Insurance number: two letters, six digits, A to D; spaced or not ----------
_NI = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d](?![A-Za-z0-9])"
)

# -- Postcode: outward A9, A99, A9A, AA9, AA99, AA9A; inward 9AA; space optional ----------
# Inward letters never use C, I, K, M, O or V (Royal Mail's format).
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}[0-9][A-Za-z0-9]?|GIR|gir) ?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}"
    r"(?![A-Za-z0-9])"
)

# -- Phone: UK landline (01, 02, 03) or mobile (07), with 0 or +44 / 0044 ----------------
# Nine or ten digits follow the 0 (or the 44). Single spaces or hyphens may separate the
# digits; the area code may stand in brackets; "+44 (0)" is allowed. Freephone and
# premium numbers (08, 09) are not personal, so the NSPCC's 0808 number is not flagged.
_PHONE = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(?:(?:\+|00)44[ \-]?(?:\(0\)[ \-]?)?[1237]|\(0[1237]|0[1237])"
    r"(?:[ \-]?[0-9]|\)[ ]?[0-9]){8,9}"
    r"(?![0-9])"
)

# -- Email -------------------------------------------------------------------------------
# The local part may only start where a run of local-part characters starts (the
# lookbehind), so a long run with no "@" is scanned once, not once per character.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)

# -- Date of birth: a date next to "DOB", "born" or "date of birth" ----------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
_DAY = r"(?:[0-9]{1,2})(?:st|nd|rd|th)?"
# Runs on lower-cased text, without re.IGNORECASE and without a leading look-behind (the
# caller checks that a date starts a word): both let the engine skip quickly through text.
_DATE = re.compile(
    r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{4}|[0-9]{2})(?![0-9])"  # 03/04/2009, 3.4.09
    r"|[0-9]{4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}(?![0-9])"  # 2009-04-03
    rf"|{_DAY}(?:[ ]of)?[ ,]{{1,2}}{_MONTH}[ ,]{{1,2}}[0-9]{{4}}(?![0-9])"  # 3 april 2009, 3rd of april
    rf"|{_MONTH}[ ]{_DAY},?[ ][0-9]{{4}}(?![0-9])"  # april 3, 2009
)
_KEY = r"(?:\bd\.? ?o\.? ?b\b\.?|\bdate[ ]of[ ]birth\b|\bbirth[ ]?date\b|\bborn\b)"
# What may stand between the keyword and the date: punctuation, and a few small words.
_GAP = r"[ \t]{0,3}[:=\-\u2013,]?\s{0,3}(?:(?:is|was|on|the|of)\s{1,3}){0,3}"
_KEY_BEFORE = re.compile(_KEY + _GAP + r"\Z", re.IGNORECASE)
_KEY_AFTER = re.compile(r"\A[ \t]{0,3}[(\[,]?[ \t]{0,2}(?:\bd\.? ?o\.? ?b\b|\(born\))", re.IGNORECASE)
_WINDOW = 48


def _dates(low: str):
    pos = 0
    while True:
        m = _DATE.search(low, pos)
        if m is None:
            return
        start = m.start()
        if start and low[start - 1].isascii() and low[start - 1].isalnum():
            pos = start + 1
            continue
        yield m
        pos = m.end()


def _dates_of_birth(text: str):
    for m in _dates(_lower(text)):
        before = text[max(0, m.start() - _WINDOW):m.start()]
        after = text[m.end():m.end() + 16]
        # Every keyword has a "b" in it: a cheap test first, for text full of dates.
        if ("b" in before.lower() and _KEY_BEFORE.search(before)) or (
            "b" in after.lower() and _KEY_AFTER.search(after)
        ):
            yield PersonalData(m.start(), m.end(), "date_of_birth")


_ASCII_LOWER = {i: i + 32 for i in range(ord("A"), ord("Z") + 1)}


def _lower(text: str) -> str:
    """A-Z lower-cased, every offset unchanged (str.lower() can change a string's length)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def _postcode_ok(found: str) -> bool:
    """All upper or all lower case: "Y10 2nd" (year 10, second half) is not a postcode."""
    letters = [c for c in found if c.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)


def find_personal_data(text: str) -> list[PersonalData]:
    """Every stretch of `text` shaped like personal data, sorted by position.

    `text[found.start:found.end]` is the matched text. Callers decide what to show; an
    exported report should keep only the kind, never the matched text.
    """
    if not text:
        return []
    found: list[PersonalData] = []
    for m in _NHS.finditer(text):
        digits = re.sub(r"[ \-]", "", m.group())
        if nhs_check_digit_ok(digits):
            found.append(PersonalData(m.start(), m.end(), "nhs_number"))
    found.extend(PersonalData(m.start(), m.end(), "ni_number") for m in _NI.finditer(text))
    found.extend(
        PersonalData(m.start(), m.end(), "postcode")
        for m in _POSTCODE.finditer(text)
        if _postcode_ok(m.group())
    )
    found.extend(PersonalData(m.start(), m.end(), "phone") for m in _PHONE.finditer(text))
    found.extend(PersonalData(m.start(), m.end(), "email") for m in _EMAIL.finditer(text))
    found.extend(_dates_of_birth(text))
    return sorted(set(found))


def redact(text: str, found: list[PersonalData] | None = None) -> tuple[str, list[str]]:
    """`text` with each stretch that looks like personal data replaced by a short note
    ("[left out: a phone number]"), and the kinds found as labels, first occurrence first.

    The one redaction of the pack: saved drill answers, CPD records and cohort comments all
    use it, so they read the same. Overlapping matches (a phone number that is also a date,
    say) are merged: the first note covers the whole overlapping stretch, so no tail of a
    match is left in the text.
    """
    found = find_personal_data(text) if found is None else sorted(found, key=lambda f: (f.start, f.end))
    labels: list[str] = []
    out, pos = [], 0
    for item in found:
        if item.label not in labels:
            labels.append(item.label)
        if item.start < pos:  # overlaps the stretch already left out: extend it
            pos = max(pos, item.end)
            continue
        out.append(text[pos:item.start])
        out.append(f"[left out: {item.label}]")
        pos = item.end
    out.append(text[pos:])
    return "".join(out), labels
