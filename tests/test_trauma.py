"""Notebook 03: trauma-informed practice. Principles touched, rewrite checks, content, leaks."""

from __future__ import annotations

import functools
import re

import pytest
from handout_checks import facilitator_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from olivia_training.content import ContentError, load
from olivia_training.domain import trauma as logic
from olivia_training.labels import ILLUSTRATIVE_LABEL
from olivia_training.responses import ResponseStore
from olivia_training.views import trauma as views

SCORE_WORDS = re.compile(r"\d|score|out of|%|\bcorrect\b|\bwrong\b|\bfail|\bpass(ed)?\b", re.I)


@functools.cache
def shipped_checks():
    return load("trauma").rewrite.checks


@pytest.fixture(scope="module")
def model():
    return load("trauma")


# -- which principles a response touches ---------------------------------------------------
def touched(response) -> dict[str, str]:
    """principle id -> "honours" or "breaks", as the content lists them."""
    return {t.principle: t.effect for t in response.touches}


def test_principles_touched_honoured_and_broken(model):
    card = model.scenario("home-visit")
    threat, suggested, card_only, doorstep = card.responses
    assert touched(threat) == {
        "safety": "breaks", "trust": "breaks", "collaboration": "breaks"}
    assert logic.honours(suggested) == ["trust", "choice", "collaboration", "safety"]
    assert logic.breaks(suggested) == []
    assert logic.honours(card_only) == ["choice"]
    assert logic.breaks(card_only) == ["safety", "collaboration"]
    assert touched(doorstep) == {
        "empowerment": "honours", "safety": "breaks", "choice": "breaks"}


def test_the_shipped_cards_are_well_formed(model):
    ids = {s.id for s in model.scenarios}
    assert {"home-visit", "police-missing", "school-absence", "sexual-health",
            "strategy-meeting"} <= ids
    names = set(model.principle_names())
    assert names == {"safety", "trust", "choice", "collaboration", "empowerment",
                     "cultural-consideration"}
    touched_anywhere = set()
    for scenario in model.scenarios:
        assert scenario.provenance == "illustrative"
        assert 3 <= len(scenario.responses) <= 4
        [best] = [r for r in scenario.responses if r.facilitator_best]
        assert logic.breaks(best) == [] and len(logic.honours(best)) >= 2, scenario.id
        for response in scenario.responses:
            touched_anywhere |= set(touched(response))
    assert touched_anywhere == names, "every principle is exercised by some card"


def test_debrief_marks_the_choice_and_never_the_suggested_response(model):
    card = model.scenario("police-missing")
    items = logic.debrief(card, "c", model.principle_names())
    assert [d.letter for d in items] == ["A", "B", "C", "D"]
    assert [d.chosen for d in items] == [False, False, True, False]
    assert [p.name for p in items[2].honours] == ["Choice"]
    assert [p.name for p in items[2].breaks] == ["Safety"]
    assert not any(hasattr(d, "best") for d in items)


def test_choice_feedback_names_what_is_honoured_first_then_what_it_breaks(model):
    card = model.scenario("home-visit")
    coaching = logic.choice_feedback(card, "c", model.principle_names())
    assert coaching.done_well[0].startswith("Your choice (C) honours choice.")
    assert [s.split(".")[0] for s in coaching.next_steps] == [
        "It may break safety", "It may break collaboration"]


def test_choice_feedback_for_a_response_that_breaks_nothing_still_stretches(model):
    card = model.scenario("strategy-meeting")
    coaching = logic.choice_feedback(card, "d", model.principle_names())
    assert coaching.done_well[0].startswith(
        "Your choice (D) honours cultural consideration and collaboration.")
    assert len(coaching.next_steps) == 1 and "could your response do that too?" in coaching.next_steps[0]


@pytest.mark.parametrize("scenario_id", ["home-visit", "police-missing", "school-absence",
                                         "sexual-health", "strategy-meeting"])
def test_choice_feedback_never_scores_or_reveals_the_suggestion(model, scenario_id):
    card = model.scenario(scenario_id)
    for response in card.responses:
        coaching = logic.choice_feedback(card, response.id, model.principle_names())
        assert coaching.done_well and 1 <= len(coaching.next_steps) <= logic.MAX_NEXT_STEPS
        for sentence in coaching.sentences():
            assert not SCORE_WORDS.search(sentence), sentence
            assert "best" not in sentence.lower() and "suggested" not in sentence.lower()


def test_choice_feedback_rejects_an_unknown_response(model):
    with pytest.raises(KeyError):
        logic.choice_feedback(model.scenario("home-visit"), "z", model.principle_names())


# -- the rewrite checks --------------------------------------------------------------------

def _by_id(results):
    return {r.id: r for r in results}


def test_the_poor_response_falls_into_blame_and_orders(model):
    results = _by_id(logic.run_checks(model.rewrite.poor_response, model.rewrite.checks))
    assert results["blaming-words"].found and results["blaming-words"].matched == \
        "putting yourself at risk"
    assert results["pressure"].matched == "you need to"
    assert not any(r.ok for r in results.values() if r.kind == "look_for")


def test_the_model_answer_passes_every_check(model):
    results = logic.run_checks(model.rewrite.facilitator_model_answer, model.rewrite.checks)
    assert [r.id for r in results if not r.ok] == []


def test_checks_read_curly_quotes_and_any_case(model):
    results = _by_id(logic.run_checks("WOULD YOU\u2019D... would you prefer? You\u2019re not in trouble.",
                                      model.rewrite.checks))
    assert results["offers-choice"].matched == "would you prefer"
    assert results["safe-to-talk"].matched == "not in trouble"


def test_rewrite_feedback_names_strengths_first_then_at_most_two_tips(model):
    text = ("Olivia, you're not in trouble. Would you like to talk here? You need to stop seeing "
            "this boyfriend.")
    coaching = logic.rewrite_feedback(text, model.rewrite.checks, model.rewrite.poor_response)
    assert coaching.done_well[0].startswith("You told her she is safe to talk")
    assert any(s.startswith("You offered her a real choice") for s in coaching.done_well)
    assert coaching.next_steps == (
        f'You wrote "boyfriend". {_by_id(model.rewrite.checks)["blaming-words"].tip}',
        f'You wrote "You need to". {_by_id(model.rewrite.checks)["pressure"].tip}',
    )


# Issue 14, part 5: the coaching contradicted itself. Each case is pinned both ways.
@pytest.mark.parametrize("text, check, found", [
    # Offering a choice is not blaming her, and is praised as a choice.
    ("It's your choice where and when we meet.", "blaming-words", False),
    ("It's your choice where and when we meet.", "offers-choice", True),
    ("It is your choice whether your nan comes too.", "blaming-words", False),
    # Saying she chose the harm is blaming.
    ("It was your choice to go with him.", "blaming-words", True),
    ("You chose to go back to him.", "blaming-words", True),
    ("You went there of your own free will.", "blaming-words", True),
    # "You know we have to do this" is an order, not asking her view.
    ("You know we have to do this.", "asks-her-view", False),
    ("You know we have to do this.", "pressure", True),
    ("You know your own life better than anyone. What do you think?", "asks-her-view", True),
    # Orders, whoever gives them.
    ("We have to do this.", "pressure", True),
    ("You should stop seeing him.", "pressure", True),
    ("We've got to keep you away from him.", "pressure", True),
    ("You'd better listen to us.", "pressure", True),
    # Honesty about what cannot stay secret is not an order.
    ("We have to tell the police what you told me, and I'll tell you what happens next.",
     "pressure", False),
])
def test_rewrite_checks_do_not_contradict_themselves(model, text, check, found):
    result = _by_id(logic.run_checks(text, model.rewrite.checks))[check]
    assert result.found is found, (text, check, result.matched)


def test_offering_a_choice_is_praised_and_never_flagged_as_blame(model):
    text = ("Is here OK to talk? You're not in trouble. It's your choice where and when we meet, "
            "and who comes with you.")
    coaching = logic.rewrite_feedback(text, model.rewrite.checks, model.rewrite.poor_response)
    assert any(s.startswith("You offered her a real choice") for s in coaching.done_well)
    assert not any("your choice" in s.lower() for s in coaching.next_steps)


def test_an_order_dressed_as_a_question_is_not_praised(model):
    text = "Olivia, you know we have to do this. A worker will come round every week from now on."
    coaching = logic.rewrite_feedback(text, model.rewrite.checks, model.rewrite.poor_response)
    assert not any(s.startswith("You asked for her view") for s in coaching.done_well)
    assert any(s.startswith('You wrote "we have to"') for s in coaching.next_steps)


def test_avoiding_a_trap_is_praised_only_when_the_original_fell_into_it(model):
    coaching = logic.rewrite_feedback("Is here OK to talk? " * 4, model.rewrite.checks,
                                      model.rewrite.poor_response)
    assert any("subject of concern, not of blame" in s for s in coaching.done_well)
    no_trap = logic.rewrite_feedback("Is here OK to talk? " * 4, model.rewrite.checks,
                                     "A perfectly calm original with nothing to avoid in it.")
    assert not any("subject of concern, not of blame" in s for s in no_trap.done_well)


def test_empty_and_very_short_rewrites_get_a_prompt(model):
    empty = logic.rewrite_feedback("   ", model.rewrite.checks)
    assert empty.done_well == () and "Write your version first" in empty.next_steps[0]
    short = logic.rewrite_feedback("Hi Olivia.", model.rewrite.checks)
    assert short.done_well and short.next_steps[0].startswith("Say a little more")


@settings(deadline=None)  # a shared machine: timings vary
@given(st.text(max_size=300))
def test_rewrite_feedback_always_coaches_and_never_scores(text):
    checks = shipped_checks()
    coaching = logic.rewrite_feedback(text, checks)
    assert 1 <= len(coaching.next_steps) <= logic.MAX_NEXT_STEPS
    for sentence in coaching.done_well + coaching.next_steps:
        quoted = re.sub(r'"[^"]*"', "", sentence)  # the participant's own words may hold digits
        assert not SCORE_WORDS.search(quoted), sentence


# -- scenario data validation: one clear line per problem ----------------------------------

def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load("trauma", content)
    lines = [str(p) for p in info.value.problems]
    assert all("\n" not in line for line in lines)
    return lines


def test_a_card_with_five_responses_is_refused(content_copy):
    path = content_copy / "trauma.yaml"
    _replace(path, "      - id: d\n        text: >-\n          Ask to speak with Olivia",
             "      - id: e\n        text: An extra response.\n        touches:\n"
             "          - principle: safety\n            effect: breaks\n            why: Too many.\n"
             "      - id: d\n        text: >-\n          Ask to speak with Olivia")
    [problem] = _problems(content_copy)
    assert problem.startswith("exercises/trauma.yaml: scenarios[0].responses: a card offers 3 or 4 "
                              "responses, not 5 (line ")


def test_a_card_needs_exactly_one_suggested_response(content_copy):
    _replace(content_copy / "trauma.yaml", "        facilitator_best: true\n", "", count=1)
    [problem] = _problems(content_copy)
    assert "scenarios[0].responses: mark exactly one response 'facilitator_best: true' (found 0)" \
        in problem


def test_an_unknown_principle_is_named(content_copy):
    path = content_copy / "trauma.yaml"
    tail = "\n            effect: breaks\n            why: It treats"
    _replace(path, "          - principle: collaboration" + tail, "          - principle: kindness" + tail)
    [problem] = _problems(content_copy)
    assert re.fullmatch(
        r"exercises/trauma\.yaml: scenarios\[0\]\.responses\[0\]\.touches\[2\]\.principle: "
        r"'kindness' is not one of the principles \(safety, trust, choice, collaboration, "
        r"empowerment, cultural-consideration\) \(line \d+\)", problem), problem


def test_a_principle_listed_twice_for_one_response_is_refused(content_copy):
    _replace(content_copy / "trauma.yaml",
             "          - principle: trust\n            effect: breaks\n            why: Using a threat",
             "          - principle: safety\n            effect: breaks\n            why: Using a threat")
    [problem] = _problems(content_copy)
    assert "scenarios[0].responses[0].touches[1].principle: 'safety' is listed twice" in problem


def test_a_wrong_effect_and_a_bad_pattern_are_both_reported(content_copy):
    path = content_copy / "trauma.yaml"
    _replace(path, "            effect: honours\n", "            effect: respects\n")
    problems = _problems(content_copy)
    assert len(problems) == 1 and "effect: must be 'honours' or 'breaks'" in problems[0]


def test_a_broken_pattern_is_reported(content_copy):
    _replace(content_copy / "trauma.yaml", "        - just a mate\n", "        - just a (mate\n")
    [problem] = _problems(content_copy)
    assert "rewrite.checks[7].patterns[0]: not a valid pattern: missing )" in problem


def test_a_card_about_olivia_must_say_where_it_comes_from(content_copy):
    _replace(content_copy / "trauma.yaml", "    provenance: illustrative\n    chronology: [i-missing]\n",
             "    chronology: [i-missing]\n")
    [problem] = _problems(content_copy)
    assert "scenarios[1].provenance: required field is missing" in problem


# -- views: worksheets, widgets, and the leak check ----------------------------------------



def _text(html: str) -> str:
    import html as h

    return " ".join(h.unescape(html).split())


def test_participant_worksheets_hold_no_suggestion_or_model_answer(tmp_path, model):
    store = ResponseStore(tmp_path)
    secrets = facilitator_texts(model)
    assert len(secrets) >= 7
    made = [views.scenario_cards(store=store), views.rewrite(store=store),
            views.reflection("trauma-attachment", store=store)]
    participant = " ".join(_text(v.html(False)) for v in made)
    participant += " ".join(_text(v.html(False)) for v in (views.definition(), views.principles(),
                                                           views.four_rs()))
    for secret in secrets:
        assert secret not in participant, secret[:60]
    assert "suggested response" not in participant
    facilitator = " ".join(_text(v.html(True)) for v in made)
    for secret in secrets:
        assert secret in facilitator, secret[:60]
    assert facilitator.count("(the facilitator's suggested response)") == len(model.scenarios)


def test_participant_worksheet_has_cards_tick_boxes_and_a_separate_debrief(model):
    page = views.scenario_cards().html(False)
    assert page.count(ILLUSTRATIVE_LABEL) == len(model.scenarios)
    assert page.count('class="olivia-ticks"') == len(model.scenarios)
    assert page.count('class="olivia-write"') == len(model.scenarios)
    assert page.index("Debrief: read this after you have chosen") > page.rindex("olivia-write")


def test_definition_is_quoted_and_attributed(model):
    page = _text(views.definition().html())
    assert f'"{" ".join(model.definition.quote.split())}"' in page
    assert "Office for Health Improvement and Disparities (OHID), 2022" in page
    principles = _text(views.principles().html())
    assert "this pack's own words" in principles


def test_scenario_widget_saves_the_choice_and_shows_the_debrief(tmp_path, model):
    store = ResponseStore(tmp_path)
    view = views.scenario_cards(store=store)
    assert view.widget is not None
    view._show("sexual-health")
    assert "Choose a response first" in view.debriefs["sexual-health"].value
    view.radios["sexual-health"].value = "a"
    assert store.load("trauma-scenarios") == {"sexual-health": "a"}
    view._show("sexual-health")
    debrief = _text(view.debriefs["sexual-health"].value)
    assert "A (your choice)." in debrief and "suggested" not in debrief
    assert debrief.index("What you did well") < debrief.index("To try next")
    assert ILLUSTRATIVE_LABEL in _text(view.widget.children[3].children[0].value)

    again = views.scenario_cards(store=store)
    assert again.widget is not None
    assert again.radios["sexual-health"].value == "a"


def test_rewrite_widget_saves_and_coaches(tmp_path, model):
    store = ResponseStore(tmp_path)
    view = views.rewrite(store=store)
    assert view.widget is not None
    view.text.value = model.rewrite.facilitator_model_answer
    assert store.load("trauma-rewrite") == model.rewrite.facilitator_model_answer
    view._check()
    feedback = _text(view.feedback.value)
    assert "What you did well" in feedback and "Read it aloud" in feedback
    assert "Saved at" in view.status.value


def test_built_handouts_hold_keys_only_in_the_facilitator_edition(built_handouts, model):
    stem = "03_trauma_informed_practice"
    participant_page = built_handouts / "participant" / f"{stem}.html"
    assert participant_page.exists(), "notebook 03 was not built"
    participant = _text(participant_page.read_text(encoding="utf-8"))
    facilitator = _text((built_handouts / "facilitator" / f"{stem}.html").read_text(encoding="utf-8"))
    for secret in facilitator_texts(model):
        assert secret not in participant, secret[:60]
        assert secret in facilitator, secret[:60]
    assert "suggested response" not in participant
    assert participant.count(ILLUSTRATIVE_LABEL) >= len(model.scenarios) + 1
