"""Notebook 05's content and logic: the definition, indicator cards, the myths-and-facts quiz,
and notebook 06's information-sharing exercise."""

from __future__ import annotations

import re

import pytest
from handout_checks import facilitator_texts
from markupsafe import escape

from olivia_training.cli import main
from olivia_training.content import load
from olivia_training.domain import cse as logic
from olivia_training.domain import information_sharing as share
from olivia_training.responses import ResponseStore


@pytest.fixture(scope="module")
def model():
    return load("cse")


@pytest.fixture(scope="module")
def sharing():
    return load("information_sharing")




# -- the definition --------------------------------------------------------------------------
def test_definition_is_the_dfe_2017_wording(model):
    quote = " ".join(model.definition.quote.split())
    assert quote.startswith("Child sexual exploitation is a form of child sexual abuse.")
    assert "coerce, manipulate or deceive a child or young person under the age of 18" in quote
    assert quote.endswith("it can also occur through the use of technology.")
    assert model.definition.also == ("The receipt of something by a child does not make them any "
                                     "less of a victim.")
    source = load("sources").get(model.definition.source_id)
    assert source.year == "2017" and "Department for Education" in source.author


# -- the indicator cards ---------------------------------------------------------------------
def test_six_to_eight_illustrative_cards_at_points_in_the_chronology(model):
    assert 6 <= len(model.cards) <= 8
    entries = {e.id for e in load("chronology").entries}
    assert all(c.provenance == "illustrative" and c.chronology and set(c.chronology) <= entries
               for c in model.cards)
    assert len({tuple(c.chronology) for c in model.cards}) == len(model.cards)  # different points
    for card in model.cards:
        kinds = {o.is_indicator for o in card.observations}
        assert kinds == {True, False}, card.id  # a mixture of indicators and noise


def test_feedback_names_what_was_spotted_missed_and_beyond(model):
    fb = logic.indicator_feedback(model, "card-clinic", ["with-adult", "answers-for-her"])
    assert [n.id for n in fb.spotted] == ["with-adult"]
    assert [n.id for n in fb.missed] == ["second-test"]
    assert [n.id for n in fb.beyond] == ["answers-for-her"]
    assert fb.opening == "You noticed 1 of the 2 commonly listed indicators on this card."
    missed = fb.missed[0]
    assert missed.indicator == "Repeat sexually transmitted infections or pregnancy"
    assert "may be the only agency" in missed.why  # why it matters
    assert "sign of control" in fb.beyond[0].why
    assert "not a checklist that proves or rules out" in fb.curiosity


def test_feedback_when_everything_or_nothing_is_ticked(model):
    card = model.card("card-collected")
    all_indicators = [o.id for o in card.observations if o.is_indicator]
    fb = logic.indicator_feedback(model, card.id, all_indicators)
    assert fb.spotted and fb.missed == [] and fb.opening.startswith("You noticed all 3")
    nothing = logic.indicator_feedback(model, card.id, [])
    assert nothing.spotted == [] and len(nothing.missed) == 3
    assert nothing.opening.startswith("You have not ticked anything")
    noise_only = logic.indicator_feedback(model, card.id, ["netball"])
    assert noise_only.opening.startswith("You were reading closely")
    # The reminder is part of every result.
    for fb in (nothing, noise_only):
        assert "Indicators prompt curiosity" in fb.curiosity


def test_a_card_without_a_mixture_is_rejected(content_copy, capsys):
    path = content_copy / "cse.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        facilitator_note: Ordinary for her age.\n",
                        "        facilitator_indicator: self-harm\n", 1)
    text = text.replace("        text: She has fallen out with her best friend.\n",
                        "        text: She has fallen out with her best friend.\n"
                        "        facilitator_indicator: family\n", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 2
    err = [e for e in capsys.readouterr().err.splitlines() if e.startswith("exercises/cse.yaml")]
    assert len(err) == 1 and "cards[4].observations: a card needs a mixture" in err[0]


# -- the myths-and-facts quiz ----------------------------------------------------------------
def test_the_quiz_covers_the_five_phrases(model):
    terms = {m.term for m in model.myths}
    assert {"she said she was in love with him", "she gets gifts", "she keeps going back",
            "she is 16", "the older boyfriend"} <= terms
    assert {m.facilitator_answer for m in model.myths} == {"myth", "fact"}


@pytest.mark.parametrize("answer,opening", [
    ("myth", "Yes: this is a myth."),
    ("unsure", "It is good to say when you are not sure. This is a myth."),
    ("fact", "Many people believe this"),
])
def test_quiz_feedback_coaches_whatever_the_answer(model, answer, opening):
    item = next(m for m in model.myths if m.id == "is-16")
    fb = logic.quiz_feedback(item, answer)
    assert fb.opening.startswith(opening)
    assert fb.matches == (answer == "myth")
    assert "under the age of 18" in fb.explanation  # explains why
    assert fb.say_instead  # with an example of better wording
    assert fb.discuss


def test_quiz_feedback_on_a_fact_and_a_bad_answer(model):
    item = next(m for m in model.myths if m.facilitator_answer == "fact")
    assert logic.quiz_feedback(item, "myth").opening == "It can be hard to believe, but this is a fact."
    with pytest.raises(ValueError):
        logic.quiz_feedback(item, "maybe")


def test_the_older_boyfriend_item_discusses_the_quoted_term(model):
    item = next(m for m in model.myths if m.id == "older-boyfriend")
    assert "coerced into a sexual relationship with an older male" in item.discuss
    assert "NSPCC (2023)" in item.facilitator_explanation
    assert "what the adult did" in item.facilitator_say_instead


def _unquoted(text: str) -> str:
    return re.sub(r"\"[^\"]*\"|“[^”]*”", "", " ".join(text.split()))


@pytest.mark.parametrize("stem", ["cse", "escalation_scenarios", "information_sharing", "local_details"])
def test_never_calls_an_abuser_her_boyfriend_outside_quotes(stem):
    def strings(value):
        if isinstance(value, dict):
            for k, v in value.items():
                # ids are not shown; a quiz term is always shown in quotes (cse_myths.html.j2)
                if k not in ("id", "term"):
                    yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    for text in strings(load(stem).model_dump()):
        bare = _unquoted(text)
        assert "boyfriend" not in bare.lower(), text
        assert not re.search(r"\b(promiscuous|prostitut\w*|lifestyle choice|putting herself at risk)\b",
                             bare, re.I), text


# -- the views: keys only in the facilitator edition; answers saved ------------------------------
def test_cards_and_quiz_keys_only_in_the_facilitator_worksheet(model, tmp_path):
    from olivia_training.views.cse import IndicatorCards, MythsQuiz

    store = ResponseStore(tmp_path)
    for view in (IndicatorCards(store=store), MythsQuiz(store=store)):
        participant, facilitator = view.html(False), view.html(True)
        secrets = facilitator_texts(model.model_dump())
        assert secrets
        for secret in secrets:
            assert str(escape(" ".join(secret.split()))) not in participant
        assert "Facilitator notes" in facilitator and "Facilitator notes" not in participant
    assert "Answer key" in IndicatorCards(store=store).html(True)
    assert "Unexplained gifts" not in IndicatorCards(store=store).html(False)


def _widgets(root, kind):
    found = []

    def walk(w):
        if isinstance(w, kind):
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(root)
    return found


def test_ticking_a_card_saves_and_feedback_shows(tmp_path):
    import ipywidgets as w

    from olivia_training.views.cse import IndicatorCards

    store = ResponseStore(tmp_path)
    view = IndicatorCards(store=store)
    widget = view.widget
    boxes = view.boxes["card-clinic"]
    boxes[0].value = True
    assert store.load("05-cse-indicators") == {"card-clinic": ["with-adult"]}
    assert "Saved" in view.status.value
    check = [b for b in _widgets(widget, w.Button) if "olivia-check" in b._dom_classes]
    assert len(check) == len(load("cse").cards)
    view._show("card-clinic")
    assert "You noticed 1 of the 2" in view.feedback["card-clinic"].value
    assert "Indicators prompt curiosity" in view.feedback["card-clinic"].value
    assert IndicatorCards(store=store).ticks == {"card-clinic": ["with-adult"]}  # reloaded
    view._go(1)
    assert view.stack.selected_index == 1 and not view.prev.disabled


def test_answering_the_quiz_saves_and_coaches(tmp_path):
    from olivia_training.views.cse import MythsQuiz

    store = ResponseStore(tmp_path)
    quiz = MythsQuiz(store=store)
    assert quiz.widget is not None
    quiz.radios["gifts"].value = "unsure"
    assert store.load("05-cse-myths") == {"gifts": "unsure"}
    assert "not sure" in quiz.feedback["gifts"].value and "Better wording" in quiz.feedback["gifts"].value
    assert "Saved" in quiz.status.value


# -- training-assumption labels, derived from the chronology ---------------------------------
ASSUMPTION_CARDS = {"card-told-teacher", "card-at-home", "card-late-night"}


def test_cards_resting_on_training_assumptions_are_derived_from_the_chronology(model):
    from olivia_training.views.cse import card_place

    chronology = load("chronology")
    derived = {c.id for c in model.cards if card_place(c, chronology)[1]}
    assert derived == ASSUMPTION_CARDS
    # The disclosure and its withdrawal are in the chronology, as an illustrative entry.
    told = model.card("card-told-teacher")
    disclosure = chronology.entry(told.chronology[0])
    assert disclosure.provenance == "illustrative" and "made it up" in disclosure.description
    assert "made it up" in " ".join(o.text for o in told.observations)


def _card_sections(html: str) -> dict[str, str]:
    """Card title -> the HTML of that card's section on the worksheet."""
    found = re.findall(r'<section class="olivia-page olivia-cse-card" aria-label="Card \d+: ([^"]+)">'
                       r"(.*?)</section>", html, re.S)
    return {title: body for title, body in found}


@pytest.mark.parametrize("facilitator", [False, True], ids=["participant", "facilitator"])
def test_the_worksheet_labels_exactly_the_assumption_cards(model, facilitator):
    from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
    from olivia_training.views.cse import IndicatorCards

    sections = _card_sections(IndicatorCards().html(facilitator))
    assert len(sections) == len(model.cards)
    for card in model.cards:
        body = sections[str(escape(card.title))]
        assert ("Illustrative" in body), card.id
        assert (str(escape(TRAINING_ASSUMPTION_LABEL)) in body) == (card.id in ASSUMPTION_CARDS), card.id


def test_the_live_cards_show_the_assumption_label(model, tmp_path):
    from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
    from olivia_training.views.cse import IndicatorCards

    view = IndicatorCards(store=ResponseStore(tmp_path))
    for card, panel in zip(model.cards, view.widget.children[1].children, strict=True):
        head = panel.children[0].value
        assert card.title in head
        assert (str(escape(TRAINING_ASSUMPTION_LABEL)) in head) == (card.id in ASSUMPTION_CARDS), card.id


def test_a_card_set_at_one_entry_still_validates_and_an_empty_list_does_not(content_copy, capsys):
    path = content_copy / "cse.yaml"
    text = path.read_text(encoding="utf-8")
    old = "chronology: [i-disclosure-withdrawn, i-school-concern-unanswered]"
    assert old in text
    path.write_text(text.replace(old, "chronology: i-school-concern-unanswered"), encoding="utf-8")
    card = load("cse", content_copy).card("card-told-teacher")
    assert card.chronology == ["i-school-concern-unanswered"]
    path.write_text(text.replace(old, "chronology: []"), encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cards[4].chronology: name the chronology entry" in err[0], err


# -- sharing information about a risky adult -------------------------------------------------
def test_sharing_pieces_are_the_four_agencies_and_a_training_assumption(sharing):
    assert [p.agency for p in sharing.pieces] == ["police", "probation", "school", "health"]
    assert all(p.provenance == "illustrative" for p in sharing.pieces)
    assert "does not say" in sharing.assumption
    assert "unlawfully at large" in sharing.unlawfully_at_large
    assert "section 254(6)" in sharing.unlawfully_at_large
    assert "confirm them locally" in sharing.facilitator_recall_note


def test_sharing_feedback_coaches(sharing):
    fb = share.sharing_feedback(sharing, "school-collecting", ["social-care", "probation"], "next-meeting")
    assert fb.agreed == ["children's social care"]
    assert fb.missing == ["the police", "the Sunrise Complex Safeguarding Team"]
    assert fb.extra == ["probation"]
    lines = fb.lines()
    assert lines[0].startswith("You would share this with children's social care. Good")  # well done first
    assert any("Consider also sharing it with the police" in line for line in lines)
    assert any("at the next planned meeting" in line and "today" in line for line in lines)
    assert "registration number" in fb.why
    best = share.sharing_feedback(sharing, "health-clinic", ["social-care", "sunrise", "police"], "today")
    assert best.missing == [] and best.when_agrees
    none = share.sharing_feedback(sharing, "police-warrant", [], None)
    assert none.agreed == [] and "Decide when, too" in " ".join(none.lines())


def test_the_police_warrant_key_says_now_and_once(sharing):
    """Police do not yet know the man has contact with a child: probation today; children's
    social care and the Sunrise team once a link to a child is known."""
    piece = next(p for p in sharing.pieces if p.id == "police-warrant")
    assert piece.facilitator_share_with == ["probation"] and piece.facilitator_when == "today"
    assert piece.facilitator_once.share_with == ["social-care", "sunrise"]
    assert "link to a child" in piece.facilitator_once.condition
    assert "not yet know" in piece.facilitator_why

    ahead = share.sharing_feedback(sharing, "police-warrant", ["probation", "social-care", "sunrise"],
                                   "today")
    assert ahead.agreed == ["probation"] and ahead.missing == [] and ahead.extra == []
    assert ahead.ahead == ["children's social care", "the Sunrise Complex Safeguarding Team"]
    text = " ".join(ahead.lines())
    assert "once a link to a child is known" in text and "Then," not in text

    now_only = share.sharing_feedback(sharing, "police-warrant", ["probation"], "today")
    assert now_only.ahead == [] and now_only.later == ["children's social care",
                                                        "the Sunrise Complex Safeguarding Team"]
    assert any(line.startswith("Then, once a link to a child is known, share it with children's "
                               "social care") for line in now_only.lines())
    # A piece without a "once" part gives neither line.
    school = share.sharing_feedback(sharing, "school-collecting", ["social-care"], "today")
    assert school.ahead == school.later == [] and "Then," not in " ".join(school.lines())


def test_the_facilitator_worksheet_says_now_and_once_and_the_participant_one_neither(sharing):
    from olivia_training.views.information_sharing import SharingExercise

    view = SharingExercise()
    facilitator = " ".join(view.html(True).split())
    participant = " ".join(view.html(False).split())
    assert "Now, share with:</strong> Probation." in facilitator
    assert ("Then, once a link to a child is known, also share with:</strong> Children&#39;s social "
            "care, Sunrise Complex Safeguarding Team, the same day.") in facilitator
    assert "once a link to a child" not in participant and "Now, share with" not in participant


def test_the_check_refuses_a_once_agency_that_is_unknown_or_already_now(content_copy, capsys):
    path = content_copy / "information_sharing.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      share_with: [social-care, sunrise]"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      share_with: [probation, courts]"), encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2, err
    assert "pieces[0].facilitator_once.share_with[0]: 'probation' is already in" in err[0]
    assert "pieces[0].facilitator_once.share_with[1]: 'courts' is not one of the agencies" in err[1]


def test_the_clinic_piece_names_health_s_duty_of_confidentiality(sharing):
    why = " ".join(next(p for p in sharing.pieces if p.id == "health-clinic").facilitator_why.split())
    assert "common law duty of confidentiality" in why
    assert "regulator's guidance" in why and "Caldicott" in why
    assert "overriding public interest" in why


def test_the_age_of_consent_is_cited_to_the_sexual_offences_act(model):
    item = next(m for m in model.myths if m.id == "is-16")
    assert "soa-2003" in item.sources
    assert "Sexual Offences Act 2003" in item.facilitator_explanation
    assert "Sexual Offences Act 2003" in load("sources").get("soa-2003").title


def test_sharing_worksheet_and_widget(sharing, tmp_path):
    from olivia_training.views.information_sharing import SharingExercise, unlawfully_at_large

    store = ResponseStore(tmp_path)
    view = SharingExercise(store=store)
    participant, facilitator = view.html(False), view.html(True)
    for secret in facilitator_texts(sharing.model_dump()):
        assert str(escape(" ".join(secret.split()))) not in participant
    assert "Training assumption" in participant and "Illustrative" in participant
    assert str(escape(" ".join(sharing.facilitator_recall_note.split()))) in facilitator
    assert view.widget is not None
    view.ticks["probation-recall"]["police"].value = True
    view.when["probation-recall"].value = "today"
    assert store.load("06-sharing-risky-adult") == {
        "probation-recall": {"share_with": ["police"], "when": "today"}}
    view._show("probation-recall")
    assert "unlawfully at large" in view.feedback["probation-recall"].value
    assert "Finding 3" in view.closing.value and "offenders out on" in view.closing.value
    law = unlawfully_at_large()
    assert "Criminal Justice Act 2003" in law.html(False) and "Confirm locally" in law.html(False)


def test_quotes_from_the_briefing_in_this_content_are_verbatim():
    from olivia_training.content.checks import normalise

    briefing = normalise(load("briefing").full_text())
    quotes = ["for managing and arresting offenders out on warrant",
              "respectful professional challenge",
              "including in cases where there is parental non-engagement",
              "coerced into a sexual relationship with an older male",
              "Adherence to the correct referral process for Sunrise Complex Safeguarding Team"]
    texts = [load("information_sharing").closing, load("cse").model_dump_json(),
             load("escalation_scenarios").model_dump_json(), load("local_details").model_dump_json()]
    for quote in quotes:
        assert normalise(quote) in briefing, quote
        assert any(quote in " ".join(t.split()) for t in texts), quote
