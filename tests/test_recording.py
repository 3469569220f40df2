"""The record review: criteria, language rules, jargon, personal data, coaching, and the drills."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olivia_training.content import check_all, load
from olivia_training.content.models.language_rules import CRITERIA, PatternError, pattern_regex
from olivia_training.domain.recording_drills import review_record
from olivia_training.domain.recording_drills.fastre import fast, flatten, split_top
from olivia_training.domain.recording_drills.sort import check_sort
from olivia_training.domain.recording_drills.text import quotations

GOOD = (
    'I visited Olivia at school on Tuesday. Olivia said, "Nobody ever asks me what I want." She told '
    "me she wants to stay at her nan's and is scared of the man in the car. In my view Olivia is "
    "being groomed, because an adult is giving her gifts and she hid when his car arrived. This "
    "means she is at increased risk of sexual exploitation. I will phone children's social care "
    "today and ask them to meet the police about her safety."
)


def criteria(text: str, **kw) -> dict[str, bool]:
    return review_record(text, **kw).to_dict()["criteria"]


def language(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in review_record(text).language]


# -- the JSON shape --------------------------------------------------------------------------------
def test_json_shape_is_exactly_the_issues():
    result = review_record(GOOD + " CIN. NHS 943 476 5919. Obviously she is putting herself at risk.")
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == ["criteria", "language", "assumptions", "jargon", "personal_data", "feedback"]
    assert list(data["criteria"]) == list(CRITERIA)
    assert set(data["language"][0]) == {"start", "end", "text", "category", "suggestion", "source"}
    assert set(data["assumptions"][0]) == {"start", "end", "text"}
    assert set(data["jargon"][0]) == {"start", "end", "text", "meaning"}
    start = len(GOOD) + len(" CIN. NHS ")
    assert data["personal_data"] == [{"start": start, "end": start + 12, "kind": "nhs_number"}]
    assert data["language"][0]["source"] == "Appropriate language guide (2018)"
    assert all(isinstance(line, str) and line for line in data["feedback"])


def test_a_good_record_meets_every_criterion():
    result = review_record(GOOD)
    assert all(result.to_dict()["criteria"].values())
    assert not result.language and not result.assumptions and not result.jargon


def test_empty_text_is_nothing_to_review():
    for text in ("", "   \n\t "):
        result = review_record(text)
        assert result.empty
        assert result.to_dict()["criteria"] == dict.fromkeys(CRITERIA, False)
        assert "nothing to review" in result.feedback[0].lower()
        assert result.to_dict()["language"] == [] and result.to_dict()["personal_data"] == []


# -- each criterion, both ways --------------------------------------------------------------------
@pytest.mark.parametrize(
    "criterion, met, not_met",
    [
        ("child_voice", 'Olivia said, "I want to go home."', "Olivia said she wants to go home."),
        ("child_voice", "\u201cI hate it there,\u201d Olivia told me.", 'Mum said, "She is fine."'),
        ("child_voice", "She told me, 'I don't care.'", "She doesn't care, according to Mum."),
        ("child_voice", "In her own words: \u2018Nobody listens.\u2019", 'The form says "fine".'),
        ("wishes_and_feelings", "Olivia told me she wants to live with her nan.",
         "Olivia lives with her mum and goes to school."),
        ("wishes_and_feelings", 'Olivia said, "I\'m scared of him."', 'Mum said, "I\'m scared."'),
        ("wishes_and_feelings", "She feels let down by adults.",
         "Olivia's wishes and feelings were not recorded."),
        ("fact_and_opinion", "Olivia arrived at 10:40 and ate two slices of toast.",
         "Olivia obviously stayed with him."),
        ("fact_and_opinion", "In my view she is frightened, because she hid when his car came.",
         "She seemed fine at the visit."),
        ("fact_and_opinion", "I saw food in the fridge.", "There are no concerns at home."),
        ("fact_and_opinion", "Olivia spoke clearly and quietly.", "It is clear that Mum will not change."),
        ("analysis", "This means Olivia is at increased risk of harm.", "Olivia went to school today."),
        ("analysis", "I am worried that an adult is grooming her.", "Olivia wore a blue coat."),
        ("next_steps", "I will phone her social worker by Friday.", "I will phone her social worker."),
        ("next_steps", "The school nurse will see Olivia on Monday.", "Olivia was seen on Monday."),
        ("next_steps", "Mum has agreed to attend the meeting within two days.",
         "It will be reviewed by Friday."),
        ("plain_language", "Olivia has a Child in Need (CIN) plan. The CIN plan helps.",
         "Olivia has a CIN plan."),
        ("plain_language", "The CP (child protection) plan continues.", "The CP plan continues."),
        ("plain_language", "A strategy discussion (police and social care meeting) was held.",
         "A strategy discussion was held."),
        ("plain_language", "The Public Law Outline (PLO) applies.", "The PLO applies."),
        # The six criteria judge what the words do, whoever the child and whatever the style.
        ("child_voice", 'Leon, Year 10, said, "I owe them money."', 'Mr Grant said, "They stay over."'),
        ("child_voice", 'Kai is 8. He said, "Dad gets cross."', 'Dad said, "He is fine."'),
        ("wishes_and_feelings", "Kai, 8, told me he feels scared at home.",
         "Mum told me Kai is happy at home."),
        ("wishes_and_feelings", "She said she wants to stay with her nan.",
         "Nan told me she is happy to keep her."),
        ("fact_and_opinion", "Mum did not come to the last two meetings.", "Mum is not bothered."),
        ("fact_and_opinion", "Dad made her tea and walked her to school.", "He is a good dad."),
        ("fact_and_opinion", "In my view Mum is struggling, because she cried and the fridge was empty.",
         "Family engaging well."),
        ("analysis", "Her wish to see her mum matters, because the contact is being reviewed.",
         "Her attitude is a concern."),
        ("analysis", "In my view Megan is frightened at home, because she was shaking.",
         "Megan came to school at 9."),
        ("analysis", "Mo is caring for his mum, so he is missing out on school.", "Mo is 11."),
        ("next_steps", "SW to visit Olivia within 24 hours.", "Olivia went to school on Monday."),
        ("next_steps", "Next appointment in 4 weeks with the community midwife.",
         "Next appointment in 4 weeks."),
        ("next_steps", "I passed it to the lead, and she will decide by the end of today.",
         "12/03/2025 - Visited Olivia at school."),
        ("plain_language", "She was reported missing from home (MFH).", "She was reported MFH again."),
        ("plain_language", "PC Ahmed took her home. Her GP was told.", "PoP seen. RoSH medium."),
        ("plain_language", "The Public Law Outline (PLO) applies.", "The Public Law Order (PLO) applies."),
    ],
)
def test_each_criterion_both_ways(criterion, met, not_met):
    assert criteria(met)[criterion] is True, met
    assert criteria(not_met)[criterion] is False, not_met


def test_to_child_audience_counts_you_said():
    text = 'You told me, "Nobody asks me what I want." You told me you want to stay at your nan\'s.'
    assert criteria(text, audience="child")["child_voice"]
    assert criteria(text, audience="child")["wishes_and_feelings"]
    assert not criteria(text)["child_voice"]


def test_opinion_without_basis_is_flagged_and_with_basis_is_not():
    flagged = review_record("In my view Olivia is safe at home.")
    assert [(a.text, a.kind) for a in flagged.assumptions] == [("In my view", "unsupported_opinion")]
    assert not review_record("In my view Olivia is safe at home, because her nan is there.").assumptions
    # The basis may follow in the next sentence.
    assert not review_record("I think she is frightened. I saw her hide when his car came.").assumptions
    # An assumption inside a marked opinion with its basis is fine.
    text = "In my view she probably stayed with him, because she had his jacket."
    assert not review_record(text).assumptions


def test_public_law_order_is_coached_to_the_public_law_outline():
    # Issue 14: "Public Law Order (PLO)" used to pass as a spelled-out acronym.
    text = "Decision: to go ahead under the Public Law Order (PLO). The PLO letter was sent."
    result = review_record(text)
    assert [(j.text, j.kind) for j in result.jargon] == [("Public Law Order", "misnamed")]
    assert result.criteria["plain_language"] is False
    nxt = next(line for line in result.feedback if line.startswith("Next:"))
    assert '"Public Law Order"' in nxt and "Public Law Outline" in nxt
    assert any("Public Law Outline" in title for _, _, title in result.highlights())
    # Quoting the briefing's words is not a mistake, and the right term is not coached.
    assert not review_record('The briefing says "Public Law Order (PLO) proceedings".').jargon
    assert not review_record("The Public Law Outline (PLO) applies.").jargon


def test_an_unknown_acronym_is_coached_like_a_listed_one():
    result = review_record("MFH located 0750. YP returned home. NFA.")
    assert [j.text for j in result.jargon] == ["MFH", "YP", "NFA"]
    assert result.jargon[0].kind == "acronym"
    # Known to everyone, a title before a name, or in somebody's own words: left alone.
    assert not review_record('Her GP and PC Ahmed saw her. She said "NO".').jargon


def test_coaching_and_review_share_types_without_an_import_cycle():
    # Issue 12: coaching.py imported review.py, which imported coaching.py.
    import ast
    import inspect

    import olivia_training.domain.recording_drills.coaching as coaching_module

    tree = ast.parse(inspect.getsource(coaching_module))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "olivia_training.domain.recording_drills.review" not in imported
    assert "olivia_training.domain.recording_drills.findings" in imported


def test_acronym_is_flagged_once_at_first_unexplained_use():
    text = "The CIN plan started. Later the CIN plan ended. Child in Need (CIN) plans help."
    result = review_record(text)
    assert [(j.text, j.start) for j in result.jargon] == [("CIN", 4)]
    assert result.jargon[0].meaning == "Child in Need"


# -- every language rule, with its variants ---------------------------------------------------------
LANGUAGE_EXAMPLES = [
    ("putting-self-at-risk", "Olivia is putting herself at risk.", "putting herself at risk"),
    ("putting-self-at-risk", "He put himself at risk.", "put himself at risk"),
    ("putting-self-at-risk", "She puts themselves at risk", "puts themselves at risk"),
    ("putting-self-at-risk", "She keeps placing herself in danger.", "placing herself in danger"),
    ("putting-self-at-risk", "PUTTING HERSELF AT   RISK", "PUTTING HERSELF AT   RISK"),
    ("putting-self-at-risk", "she put herself in harm\u2019s way", "put herself in harm\u2019s"),
    ("putting-self-at-risk", "puts herself in risky situations", "puts herself in risky situations"),
    ("putting-self-at-risk", "She put herself at increased risk.", "put herself at increased risk"),
    ("putting-self-at-risk", "YP puts self at risk.", "puts self at risk"),
    ("putting-self-at-risk", "She is exposing herself to harm.", "exposing herself to"),
    ("putting-self-at-risk", "Her behaviour is putting her at risk.", "Her behaviour is putting her at"),
    ("sexual-activity", "There was sexual activity with an adult.", "sexual activity"),
    ("sexual-activity", "She had sex with him.", "had sex"),
    ("sleeping-with", "She has been sleeping with older men.", "sleeping with older men"),
    ("sexually-active", "Olivia is sexually active.", "sexually active"),
    ("contacting-adults", "Olivia has been contacting adult males.", "contacting adult males"),
    ("contacting-adults", "She is meeting older men.", "meeting older men"),
    ("contacting-adults", "She has repeatedly been messaging older men", "messaging older men"),
    ("contacting-adults", "She befriended a 35-year-old man.", "befriended a 35-year-old"),
    ("involved-in-cse", "Olivia is involved in CSE.", "involved in CSE"),
    ("involved-in-cse", "her involvement in child sexual exploitation", "involvement in child sexual"),
    ("involved-in-cse", "engaging in sexual exploitation", "engaging in sexual"),
    ("criminalising", "He has been dealing drugs.", "dealing drugs"),
    ("selling-sex", "She trades sex for a place to stay.", "trades sex"),
    ("consent", "It was consensual.", "consensual"),
    ("consent", "She was a willing participant.", "willing participant"),
    ("consent", "She went willingly.", "went willingly"),
    ("choice", "She agreed to have sex.", "agreed to have sex"),
    ("choice", "She chose to be with him.", "chose to be with him"),
    ("choice", "Olivia consented to sex with him.", "consented to sex"),
    ("choice", "She has decided to keep seeing the 23-year-old.", "decided to keep seeing the 23-year-old"),
    ("choice", "Chloe chooses to go missing.", "chooses to go missing"),
    ("choice-adverb", "She went to the party voluntarily.", "voluntarily"),
    ("sexualising", "She is promiscuous.", "promiscuous"),
    ("sexualising", "She was prostituting herself.", "prostituting"),
    ("risky-behaviour", "Her risky behaviour continues.", "risky behaviour"),
    ("risky-behaviour", "risk-taking behaviours", "risk-taking behaviours"),
    ("risky-behaviour", "a lifestyle choice", "lifestyle choice"),
    ("lifestyle", "The child's lifestyle is chaotic.", "lifestyle"),
    ("boyfriend", "She went to her boyfriend's flat.", "boyfriend"),
    ("boyfriend", "Her older boyfriend collected her.", "boyfriend"),
    ("girlfriend", "She is his girlfriend.", "She is his girlfriend"),
    ("girlfriend", "She describes herself as his girlfriend.", "herself as his girlfriend"),
    ("sexual-relationship", "She is in a sexual relationship.", "sexual relationship"),
    ("relationship", "a relationship with an older male", "relationship with an older male"),
    ("relationship", "She is in a relationship with Jason, 26.", "relationship with Jason, 26"),
    ("relationship", "Tia is dating a man in his thirties.", "dating a man"),
    ("poor-choices", "She is making poor choices.", "making poor choices"),
    ("sexualising-dress", "She dresses provocatively.", "dresses provocatively"),
    ("adultifying", "Olivia is mature for her age.", "mature for her age"),
    ("adultifying", "She is street-wise.", "street-wise"),
    ("adultifying", "She is streetwise.", "streetwise"),
    ("adultifying", "She can look after herself.", "can look after herself"),
    ("adultifying", "She knows what she is doing.", "knows what she is doing"),
    ("adultifying", "She is 14 going on 25.", "14 going on 25"),
    ("minimising", "It is typical teenage behaviour.", "typical teenage behaviour"),
    ("minimising", "She is attention-seeking.", "attention-seeking"),
    ("minimising", "It's just a phase.", "just a phase"),
]


@pytest.mark.parametrize("rule, text, match", LANGUAGE_EXAMPLES)
def test_each_language_rule_and_its_variants(rule, text, match):
    found = language(text)
    assert (rule, match) in found, found
    result = review_record(text)
    finding = next(f for f in result.language if f.rule == rule)
    assert text[finding.start:finding.end] == finding.text
    assert finding.category and finding.suggestion and finding.source


def test_every_shipped_language_rule_has_an_example():
    assert {r.id for r in load("language_rules").language} <= {e[0] for e in LANGUAGE_EXAMPLES}


@pytest.mark.parametrize(
    "text",
    [
        "An adult male has been contacting Olivia.",
        "Adult males have been contacting her.",
        "The adult put Olivia at risk.",
        "He is putting her at risk.",
        "Police are contacting the adult male.",
        "She was approached by two men outside the shop.",
        "Mum gave consent for the referral.",
        "Olivia gave her consent to share information.",
        "She consented to the referral.",
        "Olivia chose to stay at her nan's at weekends.",
        "She agreed to meet me on Friday.",
        "She agreed to meet her social worker after school.",
        "She wants to go back to her old school.",
        "She wants the man to leave her alone.",
        "She did not want to get into the car with them.",
        "He decided where she would go and who she would see.",
        "Olivia is at increased risk of being exploited.",
        "She has been sexually abused by an adult man.",
        "Adults are exploiting Olivia.",
        "Adults are selling drugs from the flat.",
        "Olivia spoke clearly.",
        "Her relationship with her nan is close.",
        "Her relationship with her 19-year-old cousin is close.",
        "Mum has a new partner.",
        "Mum's partner, who is 34, lives with them.",
        "Her mum's boyfriend was not at home.",
        "She has a boyfriend her own age.",
        "Partner agencies met on Monday.",
        "We talked about healthy lifestyles.",
        "He was charged with sexual activity with a child.",
        "He was convicted of causing or inciting child prostitution.",
        "She is a child; an adult has been grooming her.",
        "The school made a referral by Friday.",
    ],
)
def test_appropriate_wording_is_not_flagged(text):
    result = review_record(text)
    assert result.language == [], [f.text for f in result.language]


def test_the_checkers_own_advice_is_never_flagged():
    # A checker that flags its own suggestions teaches people to ignore it.
    model = load("language_rules")
    texts = [r.suggestion for r in model.language] + [r.why for r in model.language]
    texts += [t for c in model.coaching for t in (c.well, c.next, c.example, c.to_child_next,
                                                   c.to_child_example) if t]
    texts += [t for t in model.messages.model_dump().values() if t]
    flagged = {t: [f.text for f in review_record(t).language] for t in texts}
    assert not {t: f for t, f in flagged.items() if f}


def test_a_flag_in_context_shows_its_context_and_says_why():
    text = "Amira agreed to meet the men at the takeaway."
    finding = review_record(text).language[0]
    assert (finding.rule, finding.text) == ("choice", "agreed to meet the men")
    assert finding.why and finding.suggestion and finding.category == "implies choice or consent"
    # The same words with a professional are good recording.
    assert review_record("Amira agreed to meet her social worker at the library.").language == []


def test_quoted_words_are_not_flagged_but_are_discussed():
    text = 'Olivia called him her "boyfriend". He said she "is mature for her age".'
    result = review_record(text)
    assert result.language == []
    assert [f.text for f in result.quoted_language] == ["boyfriend", "mature for her age"]
    assert any("You quoted" in line and "in your own words" in line for line in result.feedback)
    assert not review_record('She said, "I have a CIN plan, obviously."').jargon
    assert not review_record('She said, "I have a CIN plan, obviously."').assumptions


# -- personal data -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, kind",
    [
        ("NHS number 943 476 5919.", "nhs_number"),
        ("NI QQ 12 34 56 C.", "ni_number"),
        ("She lives at OL16 1AB.", "postcode"),
        ("Mum's mobile is 07700 900123.", "phone"),
        ("Mum's email is mum@example.com.", "email"),
        ("DOB: 03/04/2009.", "date_of_birth"),
    ],
)
def test_every_personal_data_kind(text, kind):
    result = review_record(text)
    assert [p.kind for p in result.personal_data] == [kind]
    assert any("personal data" in line and "training case" in line for line in result.feedback)
    # The warning names the kind, never the data.
    p = result.personal_data[0]
    assert not any(text[p.start:p.end] in line for line in result.feedback)


def test_nhs_number_with_a_wrong_check_digit_is_not_flagged():
    assert review_record("NHS number 943 476 5918.").personal_data == []


# -- feedback coaches --------------------------------------------------------------------------------
def test_feedback_names_what_went_well_first_then_one_next_step_and_no_score():
    text = 'Olivia said, "I hate it at home." She is putting herself at risk. CIN.'
    feedback = review_record(text).feedback
    assert feedback[0].startswith("You recorded Olivia's own words")
    nexts = [line for line in feedback if line.startswith("Next:")]
    assert len(nexts) == 1 and "putting herself at risk" in nexts[0] and "Try instead" in nexts[0]
    joined = " ".join(feedback).lower()
    assert not re.search(r"\bscore\b|\bpass\b|\bfail\b|\d+\s*/\s*\d+|%", joined)


def test_feedback_gives_an_example_of_better_wording():
    feedback = review_record("I visited Olivia at home. The house was cold.").feedback
    nxt = next(line for line in feedback if line.startswith("Next:"))
    assert "For example:" in nxt and '"' in nxt


def test_a_record_that_does_everything_is_told_so():
    assert any("does everything" in line for line in review_record(GOOD).feedback)


# -- the property test ---------------------------------------------------------------------------
ALPHABET = st.one_of(
    st.characters(),
    st.sampled_from(list("\"'\u201c\u201d\u2018\u2019.,!?:;()-\n 0123456789@")),
    st.sampled_from(["Olivia said ", "she told me ", "putting herself at risk", "CIN", "obviously ",
                     "In my view ", "because ", "I will ", "by Friday", "943 476 5919", "DOB ",
                     "03/04/2009", "OL16 1AB", "07700 900123", "a@b.co", "QQ123456C", "boyfriend",
                     "\u0130", "\u00df", "\U0001f600", "ﬃ"]),
)


def _check_spans(text: str) -> None:
    result = review_record(text)
    data = result.to_dict()
    json.dumps(data)
    for key in ("language", "assumptions", "jargon"):
        for span in data[key]:
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert text[span["start"]:span["end"]] == span["text"]
    for span in data["personal_data"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    for start, end in result.child_quotes:
        assert 0 <= start < end <= len(text)
    assert set(data["criteria"]) == set(CRITERIA)
    assert data["feedback"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_any_text_reviews_and_spans_match(text):
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text_reviews(text):
    _check_spans(text)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(st.lists(ALPHABET, min_size=20, max_size=40).map("".join), st.integers(2_000, 6_000))
def test_huge_inputs_review(piece, repeat):
    # Not a timing test (benchmarks/review_bench.py measures speed): it proves that large
    # inputs of every shape review without error and with exact spans.
    _check_spans(piece * repeat)


# -- text structure and the regex helpers -------------------------------------------------------------
def test_quotations():
    text = "Olivia's mum said 'she isn't home' and Olivia said \u201cI don\u2019t care\u201d. \"Open"
    assert [text[a:b] for a, b in quotations(text)] == ["'she isn't home'", "\u201cI don\u2019t care\u201d"]


def test_fast_regex_matches_the_same():
    regex = r"(?:she|olivia|the\s+girl)\s+(?:said|told)(?!\w)|consensual|(?:a|b)?c"
    text = "the girl said it; olivia told me; she said; consensual; bc; c"
    assert [m.group() for m in re.finditer(fast(regex), text)] == [
        m.group() for m in re.finditer(regex, text)]
    assert split_top("a|(b|c)|[|]") == ["a", "(b|c)", "[|]"]
    assert flatten("(?:a|b)?c") == ["(?:a|b)?c"]


def test_pattern_syntax():
    classes = {"self": ["herself", "himself"]}
    regex = re.compile(pattern_regex("put|puts {self} at risk-taking? level", classes), re.I)
    assert regex.search("He PUTS himself at risk taking level")
    assert regex.search("puts herself at level")
    with pytest.raises(PatternError):
        pattern_regex("{nope} at risk", classes)
    with pytest.raises(PatternError):
        pattern_regex("maybe? first", classes)
    with pytest.raises(PatternError):
        pattern_regex("no [regex] here", classes)
    with pytest.raises(PatternError):
        pattern_regex("gap at the end ...", classes)


def test_pattern_syntax_lemmas_numbers_gaps_and_classes_in_alternatives():
    classes = {"self": ["herself", "himself"], "adult": ["#18..99-year-old", "older man|men"]}
    regex = re.compile(pattern_regex("choose~ to", classes), re.I)
    assert all(regex.search(f"she {w} to") for w in ("chose", "chosen", "chooses", "choosing"))
    age = re.compile(pattern_regex("{adult}", classes), re.I)
    assert age.search("a 24-year-old") and age.search("an older man")
    assert not age.search("a 15-year-old") and not age.search("a 124-year-old")
    gap = re.compile(pattern_regex("put~ {self} ... risk", classes), re.I)
    assert gap.search("she put herself at serious risk") and gap.search("puts himself at risk")
    assert not gap.search("put herself in a place where there is risk")
    either = re.compile(pattern_regex("{self}|her as", classes), re.I)
    assert either.search("her as") and either.search("herself as")


def test_a_bad_rule_is_a_clear_content_error(content_copy):
    path = content_copy / "language_rules.yaml"
    text = path.read_text(encoding="utf-8")
    first = '"{put} {self} at|in|into ... risk|danger|harm|harm\'s|situation*|position*|place*"'
    assert first in text
    path.write_text(text.replace(first, '"{putt} {self} at risk"', 1), encoding="utf-8")
    _, problems = check_all(content_copy)
    assert [str(p) for p in problems] == [
        "exercises/language_rules.yaml: language[0].patterns[0]: pattern '{putt} {self} at risk': "
        f"unknown word class {{putt}} (line {_line_of(text, first)})"
    ]


def test_an_older_copy_of_the_rules_without_the_new_fields_still_validates(content_copy):
    # Partnerships adapt copies of this file: the fields added for issue 14 are optional.
    import yaml

    path = content_copy / "language_rules.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("misnamed", "plain_acronyms", "unknown_acronym_meaning"):
        data.pop(key)
    data["messages"].pop("misnamed")
    for rule in data["language"]:
        for key in ("context", "context_side", "context_words", "unless", "unless_before",
                    "before_words"):
            rule.pop(key, None)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, problems = check_all(content_copy)
    assert [str(p) for p in problems] == []
    result = review_record("Public Law Order. She is putting herself at risk.", content=content_copy)
    assert [f.rule for f in result.language] == ["putting-self-at-risk"]


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# -- the drills' content ---------------------------------------------------------------------------
def test_drill_exemplars_do_what_they_teach():
    model = load("recording_drills")
    for drill in model.drills:
        audience = "child" if drill.kind == "to_child" else "record"
        result = review_record(drill.facilitator_exemplar, audience=audience)
        assert all(result.to_dict()["criteria"].values()), (drill.id, result.to_dict()["criteria"])
        assert not result.language and not result.assumptions and not result.jargon, drill.id
        assert not result.personal_data, drill.id


def test_the_originals_to_rewrite_are_flagged():
    model = load("recording_drills")
    rationale = review_record(model.drill("plo-rationale").original)
    assert {f.rule for f in rationale.language} >= {"putting-self-at-risk", "sexually-active",
                                                     "boyfriend", "adultifying"}
    assert rationale.assumptions
    assert review_record(model.drill("write-to-olivia").original, audience="child").jargon


def test_the_drills_and_sort_are_illustrative_and_the_sort_is_sized():
    model = load("recording_drills")
    assert sum(d.kind == "record" for d in model.drills) >= 3
    assert all(d.provenance == "illustrative" for d in model.drills)
    assert 10 <= len(model.sort.statements) <= 12
    assert "Public Law Order" in model.plo_note and "Public Law Outline" in model.plo_note


def test_sort_coaching():
    sort = load("recording_drills").sort
    key = {s.id: s.facilitator_key for s in sort.statements}
    all_right = check_sort(sort, key)
    assert not all_right.different and "matches the facilitators' key" in all_right.feedback[-1]
    wrong = dict(key, s6="observed_fact", s1="assumption")
    result = check_sort(sort, wrong)
    assert result.different == ["s1", "s6"]
    assert result.feedback[0].startswith("You spotted the assumptions")
    nxt = [line for line in result.feedback if line.startswith("Next:")]
    assert len(nxt) == 1 and "statement 6" in nxt[0]  # assumptions are coached first
    assert check_sort(sort, {}).feedback == ["Choose a kind for each statement, then check your sort."]


@pytest.mark.parametrize("text, match", [
    ("I'm sure she was there.", "I'm sure"), ("I am certain he is lying.", "I am certain"),
    ("She must've known.", "must've"), ("It's obvious she lied.", "It's obvious"),
    ("Obviously, she was fine.", "Obviously"), ("She looked OK.", "looked OK"),
    ("Olivia presented as happy.", "presented as happy"),
    ("Nothing to worry about.", "Nothing to worry about"),
])
def test_assumption_variants(text, match):
    assert match in [a.text for a in review_record(text).assumptions]


# -- the views -------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    from olivia_training.responses import ResponseStore

    return ResponseStore(tmp_path)


def test_drill_widget_reviews_highlights_escapes_and_saves_each_version(store):
    from olivia_training.views.recording_drills import RecordingDrill

    drill = RecordingDrill("after-missing", store=store)
    assert drill.widget is not None  # builds the live widget
    drill.text.value = "Olivia is putting herself at risk <b>bold</b>."  # blur: saved
    drill.button.click()
    html = drill.feedback.value
    assert 'class="olivia-feedback"' in html
    assert '<mark class="olivia-mark"' in html and ">putting herself at risk</mark>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "Try instead" in html
    assert 'class="olivia-saved"' in drill.status.value
    drill.text.value = 'Olivia said, "I want to stay at school today."'
    drill.button.click()
    versions = [v["value"] for v in store.history(drill.exercise_id)]
    assert [v["reviewed"] for v in versions] == [False, True, False, True]
    assert versions[-1]["text"] == 'Olivia said, "I want to stay at school today."'
    assert versions[-1]["review"]["criteria"]["child_voice"] is True
    # A new view on the same store (a kernel restart) gets the last text back.
    again = RecordingDrill("after-missing", store=store)
    assert again.widget is not None
    assert again.text.value == 'Olivia said, "I want to stay at school today."'


def test_personal_data_is_warned_hidden_and_never_saved(store):
    from olivia_training.views.recording_drills import RecordingDrill

    drill = RecordingDrill("home-visit", store=store)
    assert drill.widget is not None
    drill.text.value = "Mum's mobile is 07700 900123, NHS 943 476 5919."
    drill.button.click()
    html = drill.feedback.value
    assert "olivia-personal-data" in html and "training case" in html
    assert "07700" not in html and "5919" not in html
    assert "personal data removed" in drill.status.value
    raw = (store.folder / f"{drill.exercise_id}.json").read_text()
    assert "07700" not in raw and "5919" not in raw
    assert "[left out: a phone number]" in raw and "[left out: an NHS number]" in raw


def test_worksheets_keep_exemplars_for_the_facilitator_edition():
    from olivia_training.views.recording_drills import RecordingDrill, SortExercise

    for drill_id in ("after-missing", "home-visit", "clinic", "plo-rationale", "write-to-olivia"):
        view = RecordingDrill(drill_id)
        participant, facilitator = unescape(view.html(False)), unescape(view.html(True))
        exemplar = view.drill.facilitator_exemplar
        assert exemplar not in participant and exemplar in facilitator
        assert "Illustrative: written for this training" in participant
        assert "olivia-write" in participant and "olivia-ticks" in participant
    sort = SortExercise()
    participant, facilitator = unescape(sort.html(False)), unescape(sort.html(True))
    why = sort.sort_model.statements[0].facilitator_why
    assert why not in participant and why in facilitator
    assert participant.count("\u2610") == 4 * len(sort.sort_model.statements)
    assert "Training assumption" in participant


def test_sort_widget_saves_choices_and_coaches(store):
    from olivia_training.views.recording_drills import SortExercise

    view = SortExercise(store=store)
    assert view.widget is not None
    view.choices["s5"].value = "assumption"
    view.choices["s6"].value = "observed_fact"
    assert store.load(view.exercise_id) == {"s5": "assumption", "s6": "observed_fact"}
    view.button.click()
    assert "You spotted the assumption in statement 5." in view.feedback.value
    assert "statement 6" in view.feedback.value
