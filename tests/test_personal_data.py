"""Personal-data spotting: every kind, its formats, and what must not be flagged."""

from __future__ import annotations

import pytest

from olivia_training.domain.personal_data import (
    KINDS,
    PersonalData,
    find_personal_data,
    nhs_check_digit_ok,
    redact,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(p.kind, text[p.start:p.end]) for p in find_personal_data(text)]


@pytest.mark.parametrize(
    "text, kind, match",
    [
        # NHS number: 943 476 5919 has a valid modulus-11 check digit.
        ("NHS number 943 476 5919.", "nhs_number", "943 476 5919"),
        ("NHS no 9434765919", "nhs_number", "9434765919"),
        ("nhs: 943-476-5919", "nhs_number", "943-476-5919"),
        ("NHS 401 023 2137", "nhs_number", "401 023 2137"),
        # National Insurance number: two letters, six digits, A to D; QQ test prefix kept.
        ("NI number QQ 12 34 56 C", "ni_number", "QQ 12 34 56 C"),
        ("NI QQ123456C.", "ni_number", "QQ123456C"),
        ("ni ab123456d", "ni_number", "ab123456d"),
        # Postcodes in each outward format, spaced or not.
        ("lives at M1 1AE", "postcode", "M1 1AE"),
        ("M60 1NW", "postcode", "M60 1NW"),
        ("CR2 6XH", "postcode", "CR2 6XH"),
        ("DN55 1PT", "postcode", "DN55 1PT"),
        ("W1A 1AA", "postcode", "W1A 1AA"),
        ("EC1A 1BB", "postcode", "EC1A 1BB"),
        ("OL161AB", "postcode", "OL161AB"),
        ("ol16 1ab", "postcode", "ol16 1ab"),
        # Phones: landline and mobile, 0 or +44, spaced or not; Ofcom drama ranges kept.
        ("mobile 07700 900123", "phone", "07700 900123"),
        ("mobile 07700900123", "phone", "07700900123"),
        ("+44 7700 900123", "phone", "+44 7700 900123"),
        ("+447700900123", "phone", "+447700900123"),
        ("0044 7700 900 123", "phone", "0044 7700 900 123"),
        ("+44 (0)161 496 0000", "phone", "+44 (0)161 496 0000"),
        ("(0161) 496 0000", "phone", "(0161) 496 0000"),
        ("0161 496 0000", "phone", "0161 496 0000"),
        ("020 7946 0000", "phone", "020 7946 0000"),
        ("01632 960000", "phone", "01632 960000"),
        ("016977 4567", "phone", "016977 4567"),
        ("0161-496-0000", "phone", "0161-496-0000"),
        # Email, including example.com.
        ("write to olivia.smith+x@example.com.", "email", "olivia.smith+x@example.com"),
        ("a_b@school.sch.uk", "email", "a_b@school.sch.uk"),
        # Date of birth, next to DOB / born / date of birth, in several formats.
        ("DOB: 03/04/2009", "date_of_birth", "03/04/2009"),
        ("D.O.B. 3/4/09", "date_of_birth", "3/4/09"),
        ("dob 03.04.2009", "date_of_birth", "03.04.2009"),
        ("Date of birth: 2009-04-03", "date_of_birth", "2009-04-03"),
        ("date of birth is 3 April 2009", "date_of_birth", "3 April 2009"),
        ("She was born on 3 April 2009.", "date_of_birth", "3 April 2009"),
        ("born on the 3rd of April 2009", "date_of_birth", "3rd of April 2009"),
        ("born 3 Apr 2009", "date_of_birth", "3 Apr 2009"),
        ("born April 3, 2009", "date_of_birth", "April 3, 2009"),
        ("Olivia (3 April 2009, DOB)", "date_of_birth", "3 April 2009"),
        ("birth date 2009/04/03", "date_of_birth", "2009/04/03"),
    ],
)
def test_each_kind_is_found(text, kind, match):
    assert (kind, match) in found(text)


def test_every_kind_is_covered():
    text = ("NHS 943 476 5919, NI QQ123456C, M1 1AE, 07700 900123, a@example.com, "
            "DOB 03/04/2009")
    assert {p.kind for p in find_personal_data(text)} == set(KINDS)


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918",  # wrong check digit
        "NHS 9434765918",
        "1234567890",  # check digit would be 10: never valid
        "943 476 59190",  # part of a longer number
        "Call the NSPCC on 0808 800 5000 or Samaritans on 116 123.",  # helplines, not personal
        "Childline 0800 1111",
        "We met on 03/04/2009 at school.",  # a date, but not a date of birth
        "April 3, 2009 was a Friday.",
        "She was stubborn 03/04/2009",  # "born" inside a word
        "Olivia is 14 and in Year 10 2nd half term",  # "Y10 2nd"-like text
        "Y10 2nd half",
        "s47 enquiry",
        "olivia@home",  # no domain dot
        "At 10:30 on 12 May she went to school.",
        "Page 12 of 34, version 1.2.10",
        "",
    ],
)
def test_not_flagged(text):
    assert found(text) == []


def test_nhs_check_digit():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("943476591")
    assert not nhs_check_digit_ok("94347659x9")
    # A remainder giving check 11 means check digit 0.
    assert nhs_check_digit_ok("4010232137")


def test_spans_are_sorted_and_exact():
    text = "Mum's mobile 07700 900123; NHS 943 476 5919; email mum@example.org"
    items = find_personal_data(text)
    assert items == sorted(items)
    assert all(isinstance(p, PersonalData) for p in items)
    assert [text[p.start:p.end] for p in items] == ["07700 900123", "943 476 5919", "mum@example.org"]
    assert items[0].to_dict() == {"start": 13, "end": 25, "kind": "phone"}
    assert items[0].label == "a phone number"


def test_frozen():
    item = PersonalData(0, 1, "email")
    with pytest.raises(AttributeError):
        item.start = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,  # a long local-part run with no "@"
        "a." * 100_000 + "@",
        "@" + "a-" * 100_000,
        "1" * 200_000,
        "1 " * 100_000,
        "0" + " 1" * 100_000,
        "DOB " * 50_000,
        "born 1/1/11 " * 20_000,
        "AB1 " * 50_000,
    ],
)
def test_pathological_inputs_complete(text):
    # Not a timing test (benchmarks/review_bench.py measures speed): a pattern with
    # catastrophic backtracking would make this run for minutes instead of milliseconds.
    assert isinstance(find_personal_data(text), list)


# -- redact: the one redaction, shared by drills, CPD records and cohort reports ------------
def test_redact_replaces_each_match_with_its_kind_and_lists_the_kinds():
    text = "Call 07700 900123 or email a.person@example.com, again 07700 900123."
    clean, labels = redact(text)
    assert clean == ("Call [left out: a phone number] or email [left out: an email address], "
                     "again [left out: a phone number].")
    assert labels == ["a phone number", "an email address"]
    assert redact("Nothing personal here.") == ("Nothing personal here.", [])


def test_redact_leaves_no_tail_of_an_overlapping_match():
    text = "ref 0123456789012 end"
    # Two matches that overlap, the second reaching further than the first: the first note
    # must cover the whole stretch, not leave "9012" behind (the old drill redaction did).
    found = [PersonalData(4, 14, "nhs_number"), PersonalData(8, 17, "phone")]
    clean, labels = redact(text, found)
    assert clean == "ref [left out: an NHS number] end"
    assert labels == ["an NHS number", "a phone number"]
    # Order of the matches given does not matter, nor does one inside another.
    assert redact(text, list(reversed(found)))[0] == clean
    inside = [PersonalData(4, 17, "phone"), PersonalData(6, 10, "postcode")]
    assert redact(text, inside)[0] == "ref [left out: a phone number] end"
    for digit in "0123456789":
        assert digit not in clean.replace("[left out: an NHS number]", "")
