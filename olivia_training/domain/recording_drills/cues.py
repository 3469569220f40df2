"""The cue phrases behind the six criteria.

These are the review's heuristics, not content a facilitator edits: they decide whether a
record quotes the child, records her wishes and feelings, analyses, and plans. (The words
that are flagged, with their suggestions, are data in exercises/language_rules.yaml.)

They judge what the words do, by category, not by a list of one record's phrases:

- the child is the named child, "she", "he", "the young person"... and any name the record
  gives a child's age or school year ("Kai is 8", "Leon, Year 10"), so a record about any
  child can be reviewed (such names are masked in the text, so the patterns never change);
- wishes and feelings are the child's own: a feeling reported by a parent or another adult
  ("Mum told me she is happy") is their account, not the child's;
- analysis is what it means for the child: meaning, concern, risk or harm, need, impact, why
  it matters, or a professional opinion marked as such with its basis;
- a next step is someone, a future action and a time.

Each pattern is a single alternation with bounded repeats, so one scan over the text is
linear in its length. They are written in lower case for lower-cased text (see rules.py),
except the few that need capitals (names, actors) and run on the original text.
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
# What another person says about the child: their account, not the child's own.
_REPORTS = _SPEECH + r"|reports|reported|thinks|thought|believes|believed|feels|felt|confirmed"
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november"
           r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_NUMBER = (r"[0-9]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
           r"|fourteen|twenty|a\s+few|a\s+couple\s+of|several")

_FEELING = (
    r"wants?|wanted|wanting|wish(?:es|ed|ing)?(?!\s+and\s+feelings)|would\s+(?:like|love|prefer)"
    r"|hopes?|hoped|hoping|afraid|scared|frightened|terrified|fears?|feared|worried|worries|worry"
    r"|anxious|nervous|(?<!wishes and )feel(?:s|ing|ings)?|felt|happy|happier|unhappy|sad|angry"
    r"|cross|upset|lonely|likes|liked|loves?|loved|hates?|hated|miss(?:es|ed)?|enjoys?"
    r"|enjoyed|prefers?|preferred|dreams?|embarrassed|ashamed|let\s+down|left\s+out"
    r"|don['’]t\s+want|doesn['’]t\s+want|didn['’]t\s+want|(?:no\s+one|nobody)\s+(?:listens|cares|asks)"
)

_ANALYSIS = (
    # what it means
    r"(?:this|that|which|it|these|all\s+of\s+this)\s+(?:means|meant|suggests|suggested|indicates"
    r"|indicated|shows|showed|tells\s+(?:me|us)|points\s+to|could\s+mean|may\s+mean|might\s+mean"
    r"|is\s+(?:a|an)\s+(?:sign|indicator|concern|risk|worry))|what\s+(?:this|that|it)\s+means"
    r"|(?:an?\s+)?(?:indicator|sign)s?\s+of"
    # why it matters
    r"|matters?,?\s+(?:because|for|to|as)|(?:is|are)\s+(?:important|significant)\s+(?:because|for)"
    r"|why\s+(?:this|it)\s+matters"
    # the writer's concern
    r"|(?:i\s+am|i['’]m|we\s+are|we['’]re|i\s+remain|we\s+remain)\s+(?:[a-z]+\s+)?(?:worried|concerned)"
    r"|my\s+(?:worry|worries|concern|concerns|assessment)|the\s+(?:main\s+)?(?:concern|worry)\s+is"
    # risk and harm
    r"|at\s+(?:[a-z]+\s+)?risk|risks?\s+(?:of|to)|(?:raises|increases|reduces|lowers)\s+the\s+(?:risk"
    r"|chance|likelihood)|likely\s+to\s+(?:suffer|be\s+harmed)|(?:significant|serious|further)\s+harm"
    r"|harm\s+to|(?:be|being|been|is|are|was)\s+(?:harmed|hurt|groomed|exploited|abused|neglected)"
    r"|vulnerab\w*|in\s+danger|(?:grooming|exploiting|abusing|controlling)\s+(?:her|him|them)"
    r"|(?:sexually|criminally)\s+exploit\w*"
    # what the child needs
    r"|needs?\s+(?:a|an|to\s+be|to\s+feel|to\s+have|to\s+know|support|help|protection|protecting"
    r"|protected|someone|adults|safe|trusted|reliable|stability|care)"
    r"|(?:her|his|their|your|the\s+child['’]s)\s+(?:needs|safety|wellbeing|well-being|welfare"
    r"|development|education|health|learning)"
    # impact
    r"|impact\s+(?:of|on)|impacts|impacted|effects?\s+on"
    r"|(?:affects|affected|affecting)\s+(?:her|him|them|you|the\s+child)"
    r"|(?:harder|difficult)\s+(?:for|to)|missing\s+out\s+on"
    r"|as\s+a\s+result|because\s+of\s+this"
)

_TIME = (
    rf"by\s+(?:(?:this|next|the\s+end\s+of|end\s+of|close\s+of|the)\s+)?(?:{_DAYS}|tomorrow"
    rf"|tonight|today|noon|midday|lunchtime|week|month|term|meeting|visit|weekend|day"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th|[:.][0-9]{{2}}|am|pm)?(?:\s+(?:of\s+)?(?:{_MONTHS}))?|{_MONTHS}"
    rf"|end|next)"
    rf"|within\s+(?:{_NUMBER})\s+(?:working\s+)?(?:hours?|days?|weeks?|months?)"
    rf"|in\s+(?:{_NUMBER})\s+(?:working\s+)?(?:days?|weeks?|months?)"
    rf"|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening|week|month|term|half\s+term)"
    rf"|next\s+(?:week|month|term|{_DAYS})|on\s+(?:{_DAYS})|on\s+[0-9]{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:\s+of)?\s+(?:{_MONTHS})|before\s+(?:the|her|his|their|next|{_DAYS})|at\s+the\s+next"
    rf"|every\s+(?:day|morning|afternoon|week|{_DAYS})|daily|weekly|fortnightly|immediately"
    rf"|straight\s+away|[0-9]{{1,2}}[/.][0-9]{{1,2}}(?:[/.][0-9]{{2,4}})?"
)

# Who will act: "I", "we", a name or a role ("the school", "Olivia's social worker", "SW").
# (She, he and they are `pronoun_action`, on lower-cased text; see `is_account` for the
# lower-case words after a name.)
_ACTOR = (
    r"I|[Ww]e|[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2}(?:\s+[a-z][\w\-]*){0,2}"
    r"|(?:[Tt]he|[Hh]er|[Hh]is|[Mm]y|[Oo]ur|[Tt]heir|[Yy]our)(?:\s+[a-z][\w\-]*){1,3}"
)
_WILL = (r"will|shall|(?:is|are|am)\s+going\s+to|(?:has|have)\s+agreed\s+to|agreed\s+to"
         r"|(?:is|are)\s+to|plans?\s+to")
_ACTION = (
    rf"(?:{_ACTOR})\s+(?:{_WILL}|to)\s+(?:not\s+)?[a-z]+"
    # "Next appointment in 4 weeks with the community midwife"
    r"|[Nn]ext\s+(?:appointment|visit|review|session|meeting|home\s+visit)\b[^.\n]{0,40}?\bwith\s+"
    r"(?:the|her|his|their|a|an|[A-Z])"
)
_PRONOUN_ACTION = rf"(?:she|he|they)\s+(?:{_WILL})\s+(?:not\s+)?[a-z]+"
# A verb among the words after a name means an account of the past, not a plan: "Olivia went
# to school on Monday" is not "SW to visit on Monday".
_ACCOUNT_VERBS = frozenset({
    "went", "was", "were", "had", "did", "came", "got", "ran", "said", "told", "saw", "made",
    "took", "left", "met", "gave", "felt", "kept", "found", "spoke", "sat", "is", "are", "has",
    "have", "does", "goes", "seems", "wants", "needs", "used", "tried", "began"})


def is_account(action: str) -> bool:
    """Is this 'X to ...' match an account ("Olivia went to school") rather than a plan?"""
    words = action.split()
    if "to" not in words:
        return False
    actor = words[:words.index("to")]
    if actor and actor[-1] in ("agreed", "going", "plan", "plans", "is", "are"):
        return False  # "has agreed to", "is going to", "plans to", "is to": a plan
    return any(w in _ACCOUNT_VERBS or (w.endswith("ed") and w.islower()) for w in actor[1:])


NOT_ACTORS = frozenset({"it", "this", "that", "there", "these", "those", "then", "when", "if",
                        "what", "next", "also", "and", "but", "so", "which", "who"})

# Who else may be speaking about the child, and the titles that mark an adult's name.
_OTHER_SPEAKER = (
    r"mum|mother|dad|father|nan|nana|gran|granny|grandma|grandad|grandmother|grandfather|aunt"
    r"|auntie|uncle|stepdad|stepmum|step-dad|step-mum|carer|foster\s+carer|parents?|teacher"
    r"|officers?|police|staff|the\s+school|social\s+worker|nurse|doctor|gp|neighbour|sister|brother"
    r"|(?:mr|mrs|ms|miss|dr|pc|dc|ds|sgt)\.?\s+[a-z]+"
)
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "PC", "DC", "DS", "Sgt", "Baby")
# A name the record gives a child's age or school year: "Kai is 8", "Leon, Year 10", "Lucy (14)".
_CHILD_AGE = r"(?:1[0-7]|[1-9])(?![\d:/.]\d)"
_NAMED_CHILD = re.compile(
    rf"(?<![\w.])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:,\s*(?:now\s+|aged\s+)?{_CHILD_AGE}(?!\d)"
    rf"|\s+\((?:aged\s+)?{_CHILD_AGE}\)|,\s*(?:Year|Y)\s*\d{{1,2}}(?!\d)"
    rf"|\s+is\s+(?:only\s+)?{_CHILD_AGE}(?!\d)(?!\s*(?:years?|minutes|hours|days|weeks|months)\s+(?!old)))"
)
_NOT_NAMES = frozenset({"Year", "Age", "Mum", "Dad", "Nan", "Baby", "The", "She", "He", "On", "In",
                        "At", "Room", "Flat", "House", "Number", "Visit", "Aged", "Page", "Item"})


# Other children a record names stand in the lower-cased text as a run of this letter, so the
# cue patterns are compiled once, not once per name (see `mask_names`).
NAME_MARK = "\u01c2"


def child_names(text: str, child: str = "Olivia") -> tuple[str, ...]:
    """Names, besides `child`, that the record gives a child's age or school year."""
    names = set()
    for m in _NAMED_CHILD.finditer(text):
        name = m.group(1)
        before = text[max(0, m.start() - 5):m.start()].split()
        if name in _NOT_NAMES or name == child or (before and before[-1].rstrip(".") in _TITLES):
            continue
        names.add(name)
    return tuple(sorted(names))


def mask_names(low: str, names: tuple[str, ...]) -> str:
    """`low` with each whole-word use of these names replaced by NAME_MARKs (same length)."""
    if not names:
        return low
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n.lower()) for n in names) + r")(?!\w)")
    return pattern.sub(lambda m: NAME_MARK * len(m.group()), low)


@dataclass(frozen=True)
class Cues:
    speaker_before: re.Pattern  # an attribution that can stand before a quotation
    speaker_after: re.Pattern  # one that can stand after it
    barrier: re.Pattern  # what ends an attribution's reach
    feeling: re.Pattern
    child_feeling: re.Pattern
    attribution: re.Pattern  # someone reporting: group "other" when it is not the child
    analysis: re.Pattern
    time: re.Pattern
    action: re.Pattern  # on the original text
    pronoun_action: re.Pattern


def _whole(word: str) -> str:
    """`word`, not as the end of a longer word ("he" but not the "he" of "the").

    The check comes after the word, so the pattern still starts with a plain letter and the
    regex engine can skip quickly to where it may match (a look-behind first would not).
    """
    return re.escape(word) + rf"(?<!\w{'.' * len(word)})"


def _whole_words(regex: str) -> str:
    return regex.replace("(?:she|he|they)", f"(?:{_whole('she')}|{_whole('he')}|they)", 1)


def _compile(regex: str) -> re.Pattern:
    return re.compile(fast(regex))


@lru_cache(maxsize=16)
def cues(child: str = "Olivia", audience: str = "record") -> Cues:
    """The cue patterns. All but `action` run on lower-cased text through `word_matches`;
    those that name the child run on it after `mask_names`."""
    name = f"{_whole(child.lower())}|{NAME_MARK}+"
    who = (rf"{name}|{_whole('she')}|{_whole('he')}|the\s+child|the\s+young\s+person|the\s+girl"
           rf"|the\s+boy|{_whole('yp')}|the\s+pupil|the\s+student|the\s+patient")
    if audience == "child":
        who += "|" + _whole("you")
    subject = rf"(?:{who})(?:['’]s)?"
    own_words = (rf"(?:her|his|their|your|(?:{name})['’]s)\s+(?:own\s+)?"
                 r"(?:letter|note|message|text|words|diary)")
    return Cues(
        speaker_before=_compile(
            rf"(?:(?:{who})(?:[\s,]+[\w'’]+){{0,6}}?[\s,]+(?:{_SPEECH})"
            rf"|in\s+(?:her|his|your|(?:{name})['’]s)\s+(?:own\s+)?words|{own_words}|(?:{who})\s*:)(?!\w)"
        ),
        speaker_after=_compile(rf"(?:(?:{who})\s+(?:{_SPEECH})|(?:{_SPEECH})\s+(?:{who}))(?!\w)"),
        barrier=re.compile("[.!?\n\"\u201c\u201d\u2018]"),
        feeling=_compile(rf"(?:{_FEELING})(?!\w)"),
        child_feeling=_compile(rf"{subject}(?:\s+[\w'’]+){{0,4}}?\s+(?:{_FEELING})(?!\w)"),
        attribution=re.compile(
            rf"(?<!\w)(?:(?P<other>{_OTHER_SPEAKER})|{who})(?:['’]s)?(?:\s+[\w'’]+){{0,2}}?\s+"
            rf"(?:{_REPORTS})(?!\w)"),
        analysis=_compile(rf"(?:{_ANALYSIS})(?!\w)"),
        time=_compile(rf"(?:{_TIME})(?!\w)"),
        action=_compile(_ACTION),
        pronoun_action=_compile(_whole_words(_PRONOUN_ACTION)),
    )
