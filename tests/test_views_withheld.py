"""The live feedback buttons in the participant edition (JupyterHub), whose content carries no key.

The content is made by the same code the hub uses (`hub.edition.strip_content`). Each button
that builds feedback from a `facilitator_` field must save the answer and show a kind note
instead of raising inside an ipywidgets callback, where the participant would see nothing.
"""

from __future__ import annotations

import pytest

from olivia_training.content import is_participant_edition, load
from olivia_training.paths import content_dir
from olivia_training.responses import ResponseStore
from olivia_training.views import (
    aces,
    cse,
    escalation_scenarios,
    information_sharing,
    recording_drills,
    trauma,
)
from olivia_training.views.base import WITHHELD_MESSAGE


@pytest.fixture(scope="module")
def participant_content(tmp_path_factory):
    from olivia_training.hub.edition import strip_content

    dest = tmp_path_factory.mktemp("participant") / "exercises"
    strip_content(content_dir(), dest)
    assert is_participant_edition(dest)
    return dest


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("OLIVIA_WORKSPACE", str(tmp_path / "workspace"))
    return ResponseStore(tmp_path / "workspace")


def _build(view):
    """Show the widget as a notebook would (this reloads saved feedback, so must not raise)."""
    assert view.widget.children


def _withheld(html: str) -> bool:
    return WITHHELD_MESSAGE in html and "olivia-withheld" in html


def test_spot_the_aces(participant_content, store):
    view = aces.spot_the_aces(participant_content, store)
    _build(view)
    entry_id = next(iter(view.boxes))
    first = next(iter(view.boxes[entry_id]))
    view.boxes[entry_id][first].value = True
    view._check(entry_id)
    assert _withheld(view.feedback[entry_id].value)
    assert first in store.load(view.exercise_id)[entry_id]


def test_indicator_cards(participant_content, store):
    view = cse.indicator_cards(participant_content, store)
    _build(view)
    card = view.model.cards[0]
    view._show(card.id)  # nothing ticked yet: the (empty) answer is still saved
    assert _withheld(view.feedback[card.id].value)
    assert store.load(view.exercise_id) == {card.id: []}
    view.boxes[card.id][0].value = True  # ticking with the note shown shows it again, saved
    assert _withheld(view.feedback[card.id].value)
    assert store.load(view.exercise_id) == {card.id: [card.observations[0].id]}


def test_myths_quiz_answer_and_reload(participant_content, store):
    view = cse.myths_quiz(participant_content, store)
    _build(view)
    item = view.model.myths[0]
    view.radios[item.id].value = "myth"  # the observer calls _answered
    assert _withheld(view.feedback[item.id].value)
    assert store.load(view.exercise_id) == {item.id: "myth"}
    # Reopening the notebook rebuilds the feedback of saved answers: that must not raise either.
    again = cse.myths_quiz(participant_content, store)
    _build(again)
    assert _withheld(again.feedback[item.id].value)


def test_information_sharing(participant_content, store):
    view = information_sharing.exercise(participant_content, store)
    _build(view)
    piece = view.model.pieces[0]
    view._show(piece.id)
    assert _withheld(view.feedback[piece.id].value)
    assert store.load(view.exercise_id) == {piece.id: {"share_with": [], "when": None}}


def test_trauma_scenario_cards(participant_content, store):
    """Fed through `keyed_feedback` too, so a key added to it later cannot silence the button."""
    view = trauma.scenario_cards(participant_content, store)
    _build(view)
    scenario = view.model.scenarios[0]
    chosen = scenario.responses[0].id
    view.radios[scenario.id].value = chosen
    view._show(scenario.id)
    # Its debrief (what each response honours and breaks) is not a key: it is still given.
    debrief = view.debriefs[scenario.id].value
    assert "honours and breaks" in debrief and not _withheld(debrief)
    assert store.load(view.exercise_id) == {scenario.id: chosen}


def test_recording_sort(participant_content, store):
    view = recording_drills.sort(participant_content)
    view.store = store
    _build(view)
    statement = view.sort_model.statements[0]
    view.choices[statement.id].value = "observed_fact"
    assert view.check() is None
    assert _withheld(view.feedback.value)
    assert store.load(view.exercise_id) == {statement.id: "observed_fact"}


def test_escalation_scenario_plays(participant_content, store):
    """Its debriefs are not keys: the scenario plays to an ending in the participant edition."""
    scenario_id = load("escalation_scenarios", participant_content).scenarios[0].id
    view = escalation_scenarios.play(scenario_id, participant_content, store)
    _build(view)
    while view.run.choices():
        view._chose(0)
    assert view.debrief.value and "olivia-withheld" not in view.debrief.value
    assert store.load(view.exercise_id)


def test_full_edition_still_gives_feedback(store):
    """The facilitator edition (the ordinary content) keeps its feedback from the key."""
    view = cse.myths_quiz(store=store)
    _build(view)
    item = view.model.myths[0]
    view.radios[item.id].value = "myth"
    assert view.feedback[item.id].value and not _withheld(view.feedback[item.id].value)
