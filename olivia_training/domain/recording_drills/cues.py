"""The cue phrases behind the six criteria.

These are the review's heuristics, not content a facilitator edits: they decide whether a
record quotes the child, records her wishes and feelings, analyses, and plans. (The words
that are flagged, with their suggestions, are data in exercises/language_rules.yaml.)

Each pattern is a single alternation with bounded repeats, so one scan over the text is
linear in its length. They are written in lower case for lower-cased text (see rules.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from olivia_training.domain.recording_drills.fastre import fast

_SPEECH = (
    r"said|says|say|told|tells|tell|explained|explains|replied|replies|answered|answers|asked|asks"
    r"|added|adds|shouted|shouts|whispered|whispers|cried|described|describes|stated|states|wrote"
    r"|writes|texted|messaged|disclosed|screamed|muttered|insisted|repeated|commented|mentioned"
    r"|responded|continued|went\s+on|called\s+(?:it|him|her|them)|put\s+it|admitted|agreed"
    r"|laughed|sighed|joked|yelled|sobbed|whimpered|snapped|added\s+that|told\s+me|told\s+us"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november"
           r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_NUMBER = r"[0-9]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty"

_FEELING = (
    r"wants?|wanted|wanting|wish(?:es|ed|ing)?(?!\s+and\s+feelings)|would\s+(?:like|love|prefer)"
    r"|hopes?|hoped|hoping|afraid|scared|frightened|terrified|fears?|feared|worried|worries|worry"
    r"|anxious|nervous|(?<!wishes and )feel(?:s|ing|ings)?|felt|happy|happier|unhappy|sad|angry"
    r"|cross|upset|lonely|alone|likes|liked|loves?|loved|hates?|hated|miss(?:es|ed)?|enjoys?"
    r"|enjoyed|prefers?|preferred|dreams?|embarrassed|ashamed|let\s+down"
    r"|don['’]t\s+want|doesn['’]t\s+want|didn['’]t\s+want|(?:no\s+one|nobody)\s+(?:listens|cares|asks)"
)

_ANALYSIS = (
    r"(?:this|that|which|it)\s+(?:means|meant|suggests|suggested|indicates|indicated|shows|showed"
    r"|tells\s+(?:me|us))|what\s+(?:this|that)\s+means|impact\s+(?:of|on)|impacts|impacted"
    r"|(?:affects|affected|affecting)\s+(?:her|olivia|him|them|you)|at\s+(?:[a-z]+\s+)?risk"
    r"|risks?\s+(?:of|to)|vulnerab\w*|harm(?:ed|ful|s)?|groom\w*|exploit\w*|abus(?:e|ed|ing|ive)"
    r"|(?:her|your|olivia['’]s|the\s+child['’]s)\s+(?:needs?|safety|wellbeing|well-being|welfare"
    r"|development|education|health)|needs?\s+(?:to\s+feel|a\s+trusted|support|help|protection)"
    r"|(?:i\s+am|i['’]m|we\s+are|we['’]re)\s+(?:[a-z]+\s+)?(?:worried|concerned)"
    r"|my\s+(?:worry|worries|concern|concerns|assessment)|(?:an?\s+)?(?:indicator|sign)s?\s+of"
    r"|as\s+a\s+result|because\s+of\s+this|this\s+is\s+(?:a|an)\s+(?:concern|risk|worry)"
)

_TIME = (
    rf"by\s+(?:(?:this|next|the\s+end\s+of|end\s+of|close\s+of|the)\s+)?(?:{_DAYS}|tomorrow"
    rf"|tonight|today|noon|midday|lunchtime|week|month|term|meeting|visit|weekend"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?:{_MONTHS}))?|{_MONTHS}|end|next)"
    rf"|within\s+(?:{_NUMBER})\s+(?:working\s+)?(?:hours?|days?|weeks?|months?)"
    rf"|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening|week|month|term)"
    rf"|next\s+(?:week|month|term|{_DAYS})|on\s+(?:{_DAYS})|on\s+[0-9]{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:\s+of)?\s+(?:{_MONTHS})|before\s+(?:the|her|his|their|next|{_DAYS})|at\s+the\s+next"
    rf"|every\s+(?:day|morning|afternoon|week|{_DAYS})|daily|weekly|fortnightly|immediately"
    rf"|straight\s+away|[0-9]{{1,2}}[/.][0-9]{{1,2}}(?:[/.][0-9]{{2,4}})?"
)

# Who will act: "I", "we", a name or a role ("the school", "Olivia's social worker", "SW").
_ACTOR = (
    r"I|[Ww]e|[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2}(?:\s+[a-z][\w\-]*){0,2}"
    r"|(?:[Tt]he|[Hh]er|[Hh]is|[Mm]y|[Oo]ur|[Tt]heir|[Yy]our)(?:\s+[a-z][\w\-]*){1,3}"
)
_ACTION = (
    rf"(?:{_ACTOR})\s+(?:will|shall|(?:is|are|am)\s+going\s+to|(?:has|have)\s+agreed"
    r"\s+to|agreed\s+to|(?:is|are)\s+to|plans?\s+to|to)\s+(?:not\s+)?[a-z]+"
)
NOT_ACTORS = frozenset({"it", "this", "that", "there", "these", "those", "then", "when", "if",
                        "what", "next", "also", "and", "but", "so", "which", "who"})


@dataclass(frozen=True)
class Cues:
    speaker_before: re.Pattern  # an attribution that can stand before a quotation
    speaker_after: re.Pattern  # one that can stand after it
    barrier: re.Pattern  # what ends an attribution's reach
    feeling: re.Pattern
    child_feeling: re.Pattern
    analysis: re.Pattern
    time: re.Pattern
    action: re.Pattern


def _compile(regex: str) -> re.Pattern:
    return re.compile(fast(regex))


@lru_cache(maxsize=16)
def cues(child: str = "Olivia", audience: str = "record") -> Cues:
    """The cue patterns. All but `action` run on lower-cased text through `word_matches`."""
    name = re.escape(child.lower())
    who = rf"{name}|she|the\s+child|the\s+young\s+person|the\s+girl|yp"
    if audience == "child":
        who += "|you"
    subject = rf"(?:{who})(?:['’]s)?"
    return Cues(
        speaker_before=_compile(
            rf"(?:(?:{who})(?:\s+[\w'’]+){{0,3}}?\s+(?:{_SPEECH})"
            rf"|in\s+(?:her|your|{name}['’]s)\s+(?:own\s+)?words|(?:{who})\s*:)(?!\w)"
        ),
        speaker_after=_compile(rf"(?:(?:{who})\s+(?:{_SPEECH})|(?:{_SPEECH})\s+(?:{who}))(?!\w)"),
        barrier=re.compile("[.!?\n\"\u201c\u201d\u2018]"),
        feeling=_compile(rf"(?:{_FEELING})(?!\w)"),
        child_feeling=_compile(rf"{subject}(?:\s+[\w'’]+){{0,4}}?\s+(?:{_FEELING})(?!\w)"),
        analysis=_compile(rf"(?:{_ANALYSIS})(?!\w)"),
        time=_compile(rf"(?:{_TIME})(?!\w)"),
        action=_compile(_ACTION),
    )
